package dev.hotreload.sampletest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection on a plain {@link Socket}: writes requests as bytes
 * and reads responses off the same TCP connection, so a test sees exactly which
 * connection answered and whether the server closed it.
 */
public final class RawHttpConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	public RawHttpConnection(int port) throws IOException {
		this(connect(new Socket(), port));
	}

	/**
	 * A connection on a socket already connected: an {@code SSLSocket}, say.
	 * @param socket the socket
	 */
	public RawHttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(30_000);
		this.socket.setTcpNoDelay(true);
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	public static Socket connect(Socket socket, int port) throws IOException {
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		return socket;
	}

	public static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
	}

	/** Writes requests in one write: more than one is a pipeline. */
	public void send(String... requests) throws IOException {
		this.out.write(String.join("", requests).getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	public Response exchange(String path) throws IOException {
		send(get(path));
		return read();
	}

	/** The local port: the same for as long as this is the same TCP connection. */
	public int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Whether the server closed the connection: a read sees end of stream at once.
	 */
	public boolean closedByServer(int waitMillis) throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout(waitMillis);
		try {
			return this.in.read() == -1;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	public Response read() throws IOException {
		String status = line();
		if (status == null) {
			throw new IOException("The server closed the connection before a response");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(); header != null && !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		String body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
				chunks.write(this.in.readNBytes(size));
				line();
			}
			line();
			body = chunks.toString(StandardCharsets.UTF_8);
		}
		else {
			int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
			body = new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
		}
		return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != -1) {
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

	/**
	 * One response: its status, its headers (names in lower case) and its body.
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		/** The generation that answered, from {@code X-App-Generation}. */
		public String generation() {
			return this.headers.get("x-app-generation");
		}

		/** Whether the server said it closes the connection. */
		public boolean closesConnection() {
			return "close".equalsIgnoreCase(this.headers.get("connection"));
		}

	}

}
