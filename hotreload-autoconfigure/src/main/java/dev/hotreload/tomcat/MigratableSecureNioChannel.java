package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.jspecify.annotations.Nullable;

import org.apache.tomcat.util.buf.ByteBufferUtils;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A TLS channel whose session can leave it whole, between requests, for a channel of
 * another endpoint ({@link TlsHandOver}), and that can take such a session in instead of
 * starting a handshake. The channel itself stays with its endpoint: it knows that endpoint
 * (for new engines, the SNI limits, the buffer pool it goes back to), so the session moves
 * and each endpoint keeps its own channels.
 */
final class MigratableSecureNioChannel extends SecureNioChannel {

	/**
	 * The client hello's protocols and ciphers, private to {@code SecureNioChannel}; were
	 * it gone, a moved connection's requests would only lack those two attributes.
	 */
	private static final @Nullable Field TLS_ATTRIBUTES = tlsAttributesField();

	MigratableSecureNioChannel(SocketBufferHandler bufHandler, NioEndpoint endpoint) {
		super(bufHandler, endpoint);
	}

	/**
	 * Whether the session can leave now: handshake done, not closing, no renegotiation
	 * pending, and not a byte of a TLS record read or left to write. The caller holds the
	 * connection's lock.
	 * @return {@code true} if it can
	 */
	boolean isIdle() {
		return this.sslEngine != null && this.handshakeComplete && !this.closing && !this.closed
				&& !this.needHandshakeWrap && !hasEncryptedInput() && !this.netOutBuffer.hasRemaining()
				&& this.sslEngine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
	}

	/**
	 * Whether bytes of TLS records read off the socket wait in the network buffer, not
	 * decrypted yet.
	 * @return {@code true} if there are
	 */
	boolean hasEncryptedInput() {
		return this.netInBuffer.position() > 0;
	}

	/**
	 * Gives up the session: from now on this channel has no engine, as after a close.
	 * @param sniHostName the host name the client asked for
	 * @param negotiatedProtocol the ALPN protocol
	 * @param identity the TLS configuration of this channel's endpoint
	 * @return the session, to hand to the next endpoint
	 */
	TlsHandOver handOver(@Nullable String sniHostName, @Nullable String negotiatedProtocol, TlsIdentity identity) {
		TlsHandOver handOver = new TlsHandOver(this.sslEngine, this.handshakeStatus, sniHostName, negotiatedProtocol,
				new HashMap<>(tlsAttributes()), identity);
		this.sslEngine = null;
		this.closed = true;
		return handOver;
	}

	/**
	 * Takes in a session handed over by another endpoint's channel, right after this
	 * channel was reset for the connection's socket: the handshake is done, so the socket
	 * processor goes straight to the request. Sized as {@code processSNI} sizes the
	 * buffers of a new engine.
	 * @param handOver the session
	 */
	void adopt(TlsHandOver handOver) {
		this.sslEngine = handOver.engine();
		this.handshakeStatus = handOver.handshakeStatus();
		this.sniComplete = true;
		this.handshakeComplete = true;
		this.needHandshakeWrap = false;
		tlsAttributes().putAll(handOver.tlsAttributes());
		getBufHandler().expand(this.sslEngine.getSession().getApplicationBufferSize());
		int packetSize = this.sslEngine.getSession().getPacketBufferSize();
		this.netInBuffer = ByteBufferUtils.expand(this.netInBuffer, packetSize);
		this.netOutBuffer = ByteBufferUtils.expand(this.netOutBuffer, packetSize);
		this.netInBuffer.clear();
		// Nothing to write: a fresh buffer's limit is its capacity.
		this.netOutBuffer.position(0);
		this.netOutBuffer.limit(0);
	}

	@SuppressWarnings("unchecked")
	private Map<String, List<String>> tlsAttributes() {
		if (TLS_ATTRIBUTES != null) {
			try {
				return (Map<String, List<String>>) TLS_ATTRIBUTES.get(this);
			}
			catch (IllegalAccessException ex) {
				// Fall through: the attributes do not move.
			}
		}
		return new HashMap<>();
	}

	private static @Nullable Field tlsAttributesField() {
		try {
			Field field = SecureNioChannel.class.getDeclaredField("additionalTlsAttributes");
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
