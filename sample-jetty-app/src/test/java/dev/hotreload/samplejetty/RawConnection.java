package dev.hotreload.samplejetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection on a plain socket, so that a test sees which TCP
 * connection answered and whether the server closed it. Responses with a length only.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket = new Socket();

	private final InputStream in;

	private final OutputStream out;

	RawConnection(int port) throws IOException {
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		this.socket.setSoTimeout(30_000);
		this.socket.setTcpNoDelay(true);
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	void send(String path) throws IOException {
		this.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	Response exchange(String path) throws IOException {
		send(path);
		return read();
	}

	int localPort() {
		return this.socket.getLocalPort();
	}

	/** Whether the server closed the connection: a read sees the end of the stream. */
	boolean closedByServer(int waitMillis) throws IOException {
		this.socket.setSoTimeout(waitMillis);
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
			this.socket.setSoTimeout(30_000);
		}
	}

	Response read() throws IOException {
		String status = line();
		if (status == null) {
			throw new IOException("The server closed the connection before a response");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(); header != null && !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		String body = new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
		return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
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

	record Response(int status, Map<String, String> headers, String body) {

		String generation() {
			return this.headers.get("x-app-generation");
		}

		boolean closesConnection() {
			return "close".equalsIgnoreCase(this.headers.get("connection"));
		}

	}

}
