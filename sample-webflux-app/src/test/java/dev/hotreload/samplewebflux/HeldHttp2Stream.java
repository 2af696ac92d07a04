package dev.hotreload.samplewebflux;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import dev.hotreload.sampletest.IdleHttp2Connection.GoAway;

/**
 * One HTTP/2 stream ({@code GET}, h2c by prior knowledge, or h2 over TLS with ALPN) whose
 * response the client holds back: its SETTINGS give every stream a flow-control window
 * of 0, so the server can send the response's headers but not its body until
 * {@link #release()} opens the window. The request stays in flight on the server for as
 * long as the test wants, whatever the machine's load. Answers PINGs and SETTINGS as a
 * client must, and keeps the GOAWAYs it gets.
 */
final class HeldHttp2Stream implements AutoCloseable {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int DATA = 0x0;

	private static final int HEADERS = 0x1;

	private static final int SETTINGS = 0x4;

	private static final int PING = 0x6;

	private static final int GOAWAY = 0x7;

	private static final int WINDOW_UPDATE = 0x8;

	private static final int END_STREAM = 0x1;

	private static final int ACK = 0x1;

	private static final int END_HEADERS = 0x4;

	private static final int STREAM = 1;

	private final Socket socket;

	private final DataInputStream in;

	private final List<GoAway> goAways = new ArrayList<>();

	/**
	 * Connects and sends the request.
	 * @param port the server's port
	 * @param path the request's path
	 * @param tls a client context for h2 over TLS, or {@code null} for h2c
	 */
	HeldHttp2Stream(int port, String path, @Nullable SSLContext tls) throws IOException {
		Socket plain = new Socket();
		plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		this.socket = (tls != null) ? negotiateH2(plain, tls, port) : plain;
		// A bound for a server that hangs, not a timing.
		this.socket.setSoTimeout(300_000);
		this.in = new DataInputStream(this.socket.getInputStream());
		OutputStream out = this.socket.getOutputStream();
		out.write(PREFACE);
		// SETTINGS_INITIAL_WINDOW_SIZE (0x4) = 0: no stream may carry DATA to this client yet.
		writeFrame(SETTINGS, 0, 0, new byte[] { 0, 4, 0, 0, 0, 0 });
		String authority = "127.0.0.1:" + port;
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		// HPACK: :method GET (static 2), :scheme (static 6 http, 7 https), then :path and
		// :authority as literals without indexing, their names from the static table (4, 1).
		headers.write(0x82);
		headers.write((tls != null) ? 0x87 : 0x86);
		literal(headers, 4, path);
		literal(headers, 1, authority);
		writeFrame(HEADERS, END_STREAM | END_HEADERS, STREAM, headers.toByteArray());
	}

	private static SSLSocket negotiateH2(Socket plain, SSLContext tls, int port) throws IOException {
		SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setApplicationProtocols(new String[] { "h2" });
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		if (!"h2".equals(socket.getApplicationProtocol())) {
			socket.close();
			throw new IOException("ALPN chose '" + socket.getApplicationProtocol() + "', not h2");
		}
		return socket;
	}

	/**
	 * Reads until the response's headers have come.
	 */
	void awaitResponseHeaders() throws IOException {
		while (readFrame() != HEADERS) {
			// SETTINGS, PINGs and GOAWAYs are taken care of as they come.
		}
	}

	/**
	 * Opens the stream's window and reads the response's body to its end.
	 * @return the body
	 */
	String release() throws IOException {
		writeFrame(WINDOW_UPDATE, 0, STREAM, new byte[] { 0, 1, 0, 0 });
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			Frame frame = readFrameWithPayload();
			if (frame.type() == DATA && frame.stream() == STREAM) {
				body.write(frame.payload());
				if ((frame.flags() & END_STREAM) != 0) {
					return body.toString(StandardCharsets.UTF_8);
				}
			}
		}
	}

	/**
	 * Reads until the server closes the connection.
	 * @return every GOAWAY it sent, in order
	 */
	List<GoAway> goAwaysUntilClosed() throws IOException {
		try {
			while (true) {
				readFrame();
			}
		}
		catch (EOFException ex) {
			return this.goAways;
		}
	}

	private int readFrame() throws IOException {
		return readFrameWithPayload().type();
	}

	private Frame readFrameWithPayload() throws IOException {
		int length = (this.in.readUnsignedShort() << 8) | this.in.readUnsignedByte();
		int type = this.in.readUnsignedByte();
		int flags = this.in.readUnsignedByte();
		int stream = this.in.readInt() & Integer.MAX_VALUE;
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		if (type == PING && (flags & ACK) == 0) {
			writeFrame(PING, ACK, 0, payload);
		}
		else if (type == SETTINGS && (flags & ACK) == 0) {
			writeFrame(SETTINGS, ACK, 0, new byte[0]);
		}
		else if (type == GOAWAY) {
			this.goAways.add(new GoAway(readInt(payload, 0) & Integer.MAX_VALUE, readInt(payload, 4)));
		}
		return new Frame(type, flags, stream, payload);
	}

	private void writeFrame(int type, int flags, int stream, byte[] payload) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(new byte[] { (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
				(byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
				(byte) stream });
		out.write(payload);
		out.flush();
	}

	private static void literal(ByteArrayOutputStream headers, int nameIndex, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		headers.write(nameIndex);
		headers.write(bytes.length);
		headers.writeBytes(bytes);
	}

	private static int readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
				| (bytes[offset + 3] & 0xff);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private record Frame(int type, int flags, int stream, byte[] payload) {
	}

}
