package dev.hotreload.benchmarks.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection over TLS with the JDK's client, {@code GET /hello}
 * after {@code GET /hello}: which generation answered, and whether the connection is
 * still in its first TLS session with one handshake.
 */
final class TlsKeepAliveConnection implements AutoCloseable {

	private final SSLSocket socket;

	private final InputStream in;

	private final OutputStream out;

	private final AtomicInteger handshakes = new AtomicInteger();

	private final SSLSession firstSession;

	TlsKeepAliveConnection(int port, SSLContext context) throws IOException {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		plain.setTcpNoDelay(true);
		plain.setSoTimeout(30_000);
		this.socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
		this.socket.addHandshakeCompletedListener((event) -> this.handshakes.incrementAndGet());
		this.socket.startHandshake();
		this.firstSession = this.socket.getSession();
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	/**
	 * Sends {@code GET /hello} and reads the answer.
	 * @return the generation that answered ({@code X-App-Generation})
	 * @throws IOException if the server closed the connection or did not answer 200
	 */
	String hello() throws IOException {
		this.out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		String status = line();
		if (status == null || !status.startsWith("HTTP/1.1 200")) {
			throw new IOException("GET /hello answered " + status);
		}
		String generation = null;
		int length = 0;
		for (String header = line(); header != null && !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("x-app-generation:")) {
				generation = header.substring(header.indexOf(':') + 1).trim();
			}
			else if (lower.startsWith("content-length:")) {
				length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
			}
			else if (lower.startsWith("transfer-encoding:")) {
				throw new IOException("Expected a Content-Length: " + header);
			}
		}
		this.in.readNBytes(length);
		return generation;
	}

	/** Whether the connection is still in its first session, after its one handshake. */
	boolean inFirstSession() {
		return this.socket.getSession() == this.firstSession && this.handshakes.get() <= 1;
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != -1; b = this.in.read()) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.US_ASCII);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.US_ASCII) : null;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
