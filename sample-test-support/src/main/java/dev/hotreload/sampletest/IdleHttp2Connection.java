package dev.hotreload.sampletest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An h2c connection (prior knowledge), or an h2 one over TLS, that opens no stream and never closes by itself,
 * unlike a real client: what the server does with it, it does on its own. Reads frames
 * until the server closes it, answers PINGs as every HTTP/2 client must, and keeps the
 * GOAWAYs it got.
 */
public final class IdleHttp2Connection implements AutoCloseable {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int PING = 0x6;

	private static final int GOAWAY = 0x7;

	private static final int ACK = 0x1;

	private final Socket socket;

	public IdleHttp2Connection(int port) throws IOException {
		this(RawHttpConnection.connect(new Socket(), port));
	}

	/**
	 * The same on a socket already connected: a TLS socket that negotiated {@code h2} by
	 * ALPN, say.
	 * @param socket the socket
	 */
	public IdleHttp2Connection(Socket socket) throws IOException {
		this.socket = socket;
		// A bound for a server that hangs, not a timing: a worker JVM takes minutes to start on a loaded machine.
		this.socket.setSoTimeout(300_000);
		OutputStream out = this.socket.getOutputStream();
		out.write(PREFACE);
		// An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
		out.write(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
		out.flush();
	}

	/**
	 * Reads until the server closes the connection.
	 * @return the GOAWAYs it sent, in order
	 */
	public List<GoAway> goAwaysUntilClosed() throws IOException {
		List<GoAway> goAways = new ArrayList<>();
		DataInputStream in = new DataInputStream(this.socket.getInputStream());
		try {
			while (true) {
				int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
				int type = in.readUnsignedByte();
				int flags = in.readUnsignedByte();
				in.readInt();
				byte[] payload = in.readNBytes(length);
				if (payload.length < length) {
					return goAways;
				}
				if (type == PING && (flags & ACK) == 0) {
					OutputStream out = this.socket.getOutputStream();
					out.write(new byte[] { 0, 0, 8, PING, ACK, 0, 0, 0, 0 });
					out.write(payload);
					out.flush();
				}
				else if (type == GOAWAY) {
					goAways.add(new GoAway(readInt(payload, 0) & Integer.MAX_VALUE, readInt(payload, 4)));
				}
			}
		}
		catch (EOFException ex) {
			return goAways;
		}
	}

	private static int readInt(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8)
				| (bytes[offset + 3] & 0xff);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A GOAWAY frame the server sent.
	 * @param lastStreamId the last stream it will answer
	 * @param errorCode its error code (0: no error)
	 */
	public record GoAway(int lastStreamId, int errorCode) {
	}

}
