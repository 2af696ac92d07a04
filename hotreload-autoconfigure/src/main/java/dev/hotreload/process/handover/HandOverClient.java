package dev.hotreload.process.handover;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A retiring worker's connection to the serving worker's {@link HandOverServer}.
 */
final class HandOverClient implements Closeable {

	private static final Duration DEREGISTRATION_WAIT = Duration.ofSeconds(1);

	private final SocketChannel link;

	private final int descriptor;

	private volatile boolean broken;

	private HandOverClient(SocketChannel link) {
		this.link = link;
		this.descriptor = SocketDescriptors.descriptorOf(link);
	}

	/**
	 * Connects to a worker's hand-over socket and reads whether it serves.
	 * @param path the socket
	 * @return the client
	 * @throws IOException if it cannot be reached or does not serve
	 */
	static HandOverClient connect(Path path) throws IOException {
		SocketChannel link = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			link.connect(UnixDomainSocketAddress.of(path));
			if (readAnswer(link) != HandOverServer.TAKEN) {
				throw new IOException("the worker behind " + path + " does not serve");
			}
			return new HandOverClient(link);
		}
		catch (IOException | RuntimeException ex) {
			link.close();
			throw ex;
		}
	}

	/**
	 * Whether the link failed: nothing more is sent over it.
	 * @return {@code true} once a hand-over failed
	 */
	boolean isBroken() {
		return this.broken;
	}

	/**
	 * Sends a connection, detached from this process's server, to the serving worker and
	 * closes this process's copy. The connection must have left its selector first
	 * (its key cancelled, the selector woken): closing a channel still registered makes the
	 * JDK shut its output down, which would end the connection for the other process too.
	 * A plain {@code close(2)} of one of two descriptors sends the peer nothing.
	 * @param connection the connection, idle between requests
	 * @return {@code true} if the serving worker took it; otherwise it is closed (the
	 * close path)
	 */
	synchronized boolean handOver(SocketChannel connection) {
		boolean taken = false;
		if (!this.broken && awaitDeregistered(connection)) {
			try {
				UnixRights.send(this.descriptor, SocketDescriptors.descriptorOf(connection), (byte) 1);
				taken = readAnswer(this.link) == HandOverServer.TAKEN;
			}
			catch (IOException ex) {
				this.broken = true;
			}
		}
		try {
			connection.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
		return taken;
	}

	private static boolean awaitDeregistered(SocketChannel connection) {
		return Polling.until(DEREGISTRATION_WAIT, Duration.ofNanos(50_000),
				() -> connection.isRegistered() ? null : Boolean.TRUE) != null;
	}

	private static byte readAnswer(SocketChannel link) throws IOException {
		ByteBuffer answer = ByteBuffer.allocate(1);
		while (answer.hasRemaining()) {
			if (link.read(answer) < 0) {
				throw new IOException("The serving worker closed the hand-over connection");
			}
		}
		return answer.get(0);
	}

	/**
	 * Closes the link once a hand-over under way has ended.
	 */
	@Override
	public synchronized void close() throws IOException {
		this.link.close();
	}

}
