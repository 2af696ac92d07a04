package dev.hotreload.tomcat;

import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

import org.jspecify.annotations.Nullable;

/**
 * The TLS session of an idle connection on its way from one endpoint to another: the
 * engine that holds the session keys and sequence numbers, and what Tomcat learnt of the
 * connection during its handshake. Handed along with the socket, so the next endpoint
 * goes on with the same session instead of a new handshake.
 *
 * @param engine the connection's SSL engine, handshake done
 * @param handshakeStatus the engine's last handshake status as the channel saw it
 * @param sniHostName the host name the client asked for, or {@code null}
 * @param negotiatedProtocol the ALPN protocol, {@code null} or {@code http/1.1}
 * @param tlsAttributes what the client offered in its hello (protocols, ciphers)
 * @param identity the TLS configuration of the endpoint the connection comes from
 */
record TlsHandOver(SSLEngine engine, HandshakeStatus handshakeStatus, @Nullable String sniHostName,
		@Nullable String negotiatedProtocol, Map<String, List<String>> tlsAttributes, TlsIdentity identity) {

	/** What ALPN names HTTP/1.1: the only negotiated protocol whose connections move. */
	static final String HTTP_1_1 = "http/1.1";

}
