package dev.hotreload.sample;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import dev.hotreload.sampletest.RawHttpConnection;

/**
 * An HTTP/1.1 keep-alive connection over TLS with the JDK's client: the handshakes it has
 * done (each fires {@code HandshakeCompletedListener} once) and the session it has, so a
 * test sees whether a connection went on without a new handshake.
 */
final class TlsConnection implements AutoCloseable {

	private final SSLSocket socket;

	private final RawHttpConnection http;

	private final AtomicInteger handshakes = new AtomicInteger();

	private final SSLSession firstSession;

	/**
	 * Connects and completes the handshake, offering application protocols by ALPN.
	 * @param port the server's port
	 * @param context the client's TLS context
	 * @param applicationProtocols the protocols to offer ({@code h2}, {@code http/1.1}), none
	 * for no ALPN
	 */
	TlsConnection(int port, SSLContext context, String... applicationProtocols) throws IOException {
		Socket plain = RawHttpConnection.connect(new Socket(), port);
		this.socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
		if (applicationProtocols.length > 0) {
			SSLParameters parameters = this.socket.getSSLParameters();
			parameters.setApplicationProtocols(applicationProtocols);
			this.socket.setSSLParameters(parameters);
		}
		this.socket.addHandshakeCompletedListener((event) -> this.handshakes.incrementAndGet());
		this.socket.startHandshake();
		this.firstSession = this.socket.getSession();
		this.http = new RawHttpConnection(this.socket);
	}

	RawHttpConnection http() {
		return this.http;
	}

	/** Handshakes completed on this connection, the first one included. */
	int handshakes() {
		return this.handshakes.get();
	}

	/** Whether the session is still the one the first handshake made. */
	boolean hasFirstSession() {
		return this.socket.getSession() == this.firstSession;
	}

	/** The protocol ALPN chose, empty for none. */
	String applicationProtocol() {
		return this.socket.getApplicationProtocol();
	}

	/** Writes bytes as they are: an HTTP/2 preface, say. */
	void write(byte[] bytes) throws IOException {
		this.socket.getOutputStream().write(bytes);
		this.socket.getOutputStream().flush();
	}

	SSLSession session() {
		return this.socket.getSession();
	}

	int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
