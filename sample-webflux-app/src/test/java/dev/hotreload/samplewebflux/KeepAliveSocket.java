package dev.hotreload.samplewebflux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 connection on a plain socket, so that a test knows which TCP connection a
 * response came on and whether the server closed it. Reads responses with a
 * {@code Content-Length} only.
 */
final class KeepAliveSocket implements AutoCloseable {

	private static final int READ_TIMEOUT_MILLIS = 60_000;

	private final Socket socket = new Socket();

	private final InputStream in;

	KeepAliveSocket(int port) throws IOException {
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		this.in = this.socket.getInputStream();
	}

	/** The client side's port: the same for as long as the TCP connection lasts. */
	int localPort() {
		return this.socket.getLocalPort();
	}

	void send(String path) throws IOException {
		this.socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * A {@code POST} with no body, and its response, waited for as long as asked.
	 * @param path the path
	 * @param authorization the {@code Authorization} header
	 * @param waitMillis how long the response may take
	 */
	Reply post(String path, String authorization, int waitMillis) throws IOException {
		this.socket.getOutputStream()
			.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
					+ "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		this.socket.setSoTimeout(waitMillis);
		try {
			return read();
		}
		finally {
			this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		}
	}

	Reply get(String path) throws IOException {
		send(path);
		return read();
	}

	Reply read() throws IOException {
		String statusLine = readLine();
		if (statusLine == null) {
			throw new IOException("Closed by the server before a response");
		}
		Map<String, String> headers = new TreeMap<>();
		for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
		}
		byte[] body = this.in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
		return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * Whether the server closes the connection within a while: a read finds the end of
	 * the stream (or a reset).
	 */
	boolean closedByServerWithin(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != -1 && b != '\n') {
			if (b != '\r') {
				line.write(b);
			}
		}
		return (b == -1 && line.size() == 0) ? null : line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	record Reply(int status, Map<String, String> headers, String body) {

		String generation() {
			return this.headers.get(WebFluxSample.GENERATION_HEADER.toLowerCase(Locale.ROOT));
		}

		boolean saysClose() {
			return "close".equalsIgnoreCase(this.headers.get("connection"));
		}

	}

}
