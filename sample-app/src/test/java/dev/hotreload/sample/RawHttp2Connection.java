package dev.hotreload.sample;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/2 connection with prior knowledge (h2c) on a plain {@link Socket}, frame by
 * frame: it shows exactly which frames the server sends, in which order, and when it
 * closes. Unlike a real client it never closes on its own after a GOAWAY, so it sees what
 * the server does with a connection its client keeps. It answers SETTINGS and PING as a
 * client must, and encodes request headers as HPACK literals without indexing.
 */
final class RawHttp2Connection implements AutoCloseable {

	static final int DATA = 0x0;

	static final int HEADERS = 0x1;

	static final int SETTINGS = 0x4;

	static final int PING = 0x6;

	static final int GOAWAY = 0x7;

	private static final int END_STREAM = 0x1;

	private static final int ACK = 0x1;

	private static final int END_HEADERS = 0x4;

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private final int port;

	RawHttp2Connection(int port) throws IOException {
		this.port = port;
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		this.socket.setSoTimeout(60_000);
		this.socket.setTcpNoDelay(true);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
		this.out.write(PREFACE);
		writeFrame(SETTINGS, 0, 0, new byte[0]);
	}

	/** Sends {@code GET path} on a new stream, its request complete. */
	void get(int streamId, String path) throws IOException {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		literal(block, ":method", "GET");
		literal(block, ":scheme", "http");
		literal(block, ":path", path);
		literal(block, ":authority", "127.0.0.1:" + this.port);
		writeFrame(HEADERS, END_STREAM | END_HEADERS, streamId, block.toByteArray());
	}

	/**
	 * Reads the next frame other than SETTINGS, PING and WINDOW_UPDATE (answered or
	 * ignored here).
	 * @return the frame, or {@code null} at the end of the stream: the server closed
	 */
	Frame next() throws IOException {
		while (true) {
			Frame frame = readFrame();
			if (frame == null) {
				return null;
			}
			if (frame.type() == SETTINGS && (frame.flags() & ACK) == 0) {
				writeFrame(SETTINGS, ACK, 0, new byte[0]);
			}
			else if (frame.type() == PING && (frame.flags() & ACK) == 0) {
				writeFrame(PING, ACK, 0, frame.payload());
			}
			else if (frame.type() == HEADERS || frame.type() == DATA || frame.type() == GOAWAY
					|| frame.type() == 0x3 /* RST_STREAM */) {
				return frame;
			}
		}
	}

	private Frame readFrame() throws IOException {
		byte[] header = new byte[9];
		try {
			this.in.readFully(header);
		}
		catch (EOFException ex) {
			return null;
		}
		int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
		int streamId = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff;
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		return new Frame(header[3] & 0xff, header[4] & 0xff, streamId, payload);
	}

	private synchronized void writeFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
		ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
		frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
		frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
		this.out.write(frame.array());
		this.out.flush();
	}

	private static void literal(ByteArrayOutputStream block, String name, String value) {
		block.write(0x00);
		string(block, name);
		string(block, value);
	}

	private static void string(ByteArrayOutputStream block, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		if (bytes.length > 126) {
			throw new IllegalArgumentException("Too long for this client: " + value);
		}
		block.write(bytes.length);
		block.writeBytes(bytes);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A frame as read.
	 */
	record Frame(int type, int flags, int streamId, byte[] payload) {

		boolean endsStream() {
			return (this.flags & END_STREAM) != 0;
		}

		/** A GOAWAY's last stream id. */
		int lastStreamId() {
			return ByteBuffer.wrap(this.payload, 0, 4).getInt() & 0x7fffffff;
		}

		/** A GOAWAY's error code. */
		int errorCode() {
			return ByteBuffer.wrap(this.payload, 4, 4).getInt();
		}

		/**
		 * Whether a HEADERS frame's block starts with {@code :status: 200} from HPACK's
		 * static table (index 8), as Tomcat encodes it, after any dynamic table size
		 * updates.
		 */
		boolean isStatus200() {
			if (this.type != HEADERS) {
				return false;
			}
			int i = 0;
			while (i < this.payload.length && (this.payload[i] & 0xe0) == 0x20) {
				// A size update: a 5-bit prefix, then continuation bytes while the top bit is set.
				boolean more = (this.payload[i] & 0x1f) == 0x1f;
				i++;
				while (more && i < this.payload.length) {
					more = (this.payload[i] & 0x80) != 0;
					i++;
				}
			}
			return i < this.payload.length && (this.payload[i] & 0xff) == 0x88;
		}

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
