package dev.hotreload.process.handover;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A worker's end of the hand-over socket, {@code handover-<pid>.sock} in the supervisor's
 * private directory: a retiring worker connects and sends its idle keep-alive connections,
 * one descriptor at a time; each is adopted as an accepted connection of the generation
 * serving here, and answered with one byte, {@link #TAKEN} or {@link #REFUSED}. On
 * connecting, the retiring worker first reads one byte too: whether this worker serves
 * (it may have been told to a moment ago and still be switching).
 */
final class HandOverServer implements Closeable {

	static final byte TAKEN = 1;

	static final byte REFUSED = 0;

	private static final Log logger = LogFactory.getLog(HandOverServer.class);

	private static final Duration SERVING_WAIT = Duration.ofSeconds(5);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

	private final Path path;

	private final ServerSocketChannel channel;

	private final BooleanSupplier serving;

	private final Predicate<SocketChannel> adopter;

	private HandOverServer(Path path, ServerSocketChannel channel, BooleanSupplier serving,
			Predicate<SocketChannel> adopter) {
		this.path = path;
		this.channel = channel;
		this.serving = serving;
		this.adopter = adopter;
	}

	/**
	 * The hand-over socket of a worker.
	 * @param directory the supervisor's private directory
	 * @param pid the worker's process id
	 * @return where its socket lives
	 */
	static Path pathFor(Path directory, long pid) {
		return directory.resolve("handover-" + pid + ".sock");
	}

	/**
	 * Binds this worker's hand-over socket and accepts retiring workers on a daemon thread,
	 * if descriptors can be passed here.
	 * @param path where the socket lives
	 * @param serving whether a connection handed over now would be served
	 * @param adopter serves a connection handed over between requests (connected, in
	 * blocking mode) as if just accepted; {@code false} if it did not take it
	 * @return the server, or {@code null} if this JVM cannot adopt descriptors (logged)
	 * @throws IOException if the socket cannot be bound
	 */
	static @Nullable HandOverServer startIfSupported(Path path, BooleanSupplier serving,
			Predicate<SocketChannel> adopter) throws IOException {
		String unavailable = SocketDescriptors.unavailable();
		if (unavailable != null) {
			logger.info("Keep-alive connections of retiring workers cannot move to this one (" + unavailable
					+ "); they take the close path");
			return null;
		}
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		Files.deleteIfExists(path);
		channel.bind(UnixDomainSocketAddress.of(path));
		HandOverServer server = new HandOverServer(path, channel, serving, adopter);
		start("hotreload-handover-accept", server::accept);
		return server;
	}

	private void accept() {
		while (this.channel.isOpen()) {
			try {
				SocketChannel peer = this.channel.accept();
				start("hotreload-handover-receive", () -> receive(peer));
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				logger.warn("Accepting a retiring worker's hand-over connection failed", ex);
			}
		}
	}

	private void receive(SocketChannel peer) {
		int received = 0;
		int refused = 0;
		try (peer) {
			boolean serving = awaitServing();
			answer(peer, serving ? TAKEN : REFUSED);
			if (!serving) {
				logger.info("A retiring worker offered its keep-alive connections, but this worker does not serve");
				return;
			}
			int link = SocketDescriptors.descriptorOf(peer);
			UnixRights.Received next;
			while ((next = UnixRights.receive(link)) != null) {
				received++;
				boolean taken = adopt(next.descriptor());
				if (!taken) {
					refused++;
				}
				answer(peer, taken ? TAKEN : REFUSED);
			}
		}
		catch (IOException ex) {
			logger.warn("The hand-over connection of a retiring worker failed after " + received + " connection(s)",
					ex);
		}
		logger.info("Adopted " + (received - refused) + " keep-alive connection(s) from a retiring worker"
				+ ((refused > 0) ? "; closed " + refused + " that could not be served here (closed by their client"
						+ " meanwhile, or this worker stopped serving)" : ""));
	}

	private boolean adopt(int descriptor) {
		SocketChannel connection;
		try {
			connection = SocketDescriptors.adopt(descriptor);
		}
		catch (IOException | RuntimeException ex) {
			// Typically a connection its client had closed meanwhile (not connected any more).
			logger.debug("Could not adopt a handed-over connection: " + ex);
			UnixRights.close(descriptor);
			return false;
		}
		if (this.adopter.test(connection)) {
			return true;
		}
		try {
			// Not registered with a selector and in blocking mode: a plain close(2) of this
			// process's copy, no shutdown.
			connection.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
		return false;
	}

	private boolean awaitServing() {
		return Polling.until(SERVING_WAIT, POLL_INTERVAL, () -> this.serving.getAsBoolean() ? Boolean.TRUE : null) != null;
	}

	private static void answer(SocketChannel peer, byte answer) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { answer });
		while (buffer.hasRemaining()) {
			peer.write(buffer);
		}
	}

	private static void start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
		Files.deleteIfExists(this.path);
	}

}
