package dev.hotreload.process.handover;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;

/**
 * Where a retiring worker's connectors, or those of a worker standing by for a rollback,
 * hand their idle keep-alive connections: the serving worker, over its
 * {@link HandOverServer}. Connected on first use, and again after the worker served again
 * ({@link #forgetTarget}); a worker that
 * cannot be reached, or a link that fails, sends every connection left down the close
 * path ({@code Connection: close} on its next response, closed at the drain timeout).
 * Plain connections only: a TLS session cannot leave its JVM.
 */
public final class ProcessHandOff implements ConnectionHandOff {

	private static final Log logger = LogFactory.getLog(ProcessHandOff.class);

	private final Supplier<@Nullable Path> servingWorker;

	private final AtomicInteger failed = new AtomicInteger();

	private @Nullable HandOverClient client;

	private boolean connected;

	private ProcessHandOff(Supplier<@Nullable Path> servingWorker) {
		this.servingWorker = servingWorker;
	}

	/**
	 * A hand-off to the serving worker, if this JVM can pass descriptors.
	 * @param servingWorker the serving worker's hand-over socket, once known; {@code null}
	 * if no other worker serves
	 * @return the hand-off, or {@code null} (logged) if descriptors cannot be passed here
	 */
	public static @Nullable ProcessHandOff ifSupported(Supplier<@Nullable Path> servingWorker) {
		String unavailable = SocketDescriptors.unavailable();
		if (unavailable != null) {
			logger.info("Keep-alive connections of this worker cannot move to the next one when it retires ("
					+ unavailable + "); they will take the close path");
			return null;
		}
		return new ProcessHandOff(servingWorker);
	}

	@Override
	public boolean canTakeFrom(GenerationConnector from) {
		HandOverClient link = link();
		return from.isPlain() && link != null && !link.isBroken();
	}

	@Override
	public void handOff(SocketChannel connection, @Nullable Object carried) {
		HandOverClient link = link();
		if (carried == null && link != null && link.handOver(connection)) {
			return;
		}
		if (carried != null || link == null) {
			close(connection);
		}
		// handOver closed it otherwise.
		logger.warn("A keep-alive connection could not move to the serving worker and was closed ("
				+ this.failed.incrementAndGet() + " so far)" + ((link != null && link.isBroken())
						? "; the hand-over link failed, the connections left take the close path" : ""));
	}

	/**
	 * The worker serves again after standing by: its next hand-off (when it stands by or
	 * retires later) goes to the worker that serves then.
	 */
	@Override
	public synchronized void forgetTarget() {
		HandOverClient linked = this.client;
		this.client = null;
		this.connected = false;
		if (linked != null) {
			try {
				linked.close();
			}
			catch (IOException ex) {
				// The serving worker forgets a closed link as it forgets a broken one.
			}
		}
	}

	/**
	 * Connections that could not move and were closed.
	 * @return how many
	 */
	public int failed() {
		return this.failed.get();
	}

	private synchronized @Nullable HandOverClient link() {
		if (!this.connected) {
			this.connected = true;
			Path path = this.servingWorker.get();
			if (path == null) {
				logger.info("No other worker serves: keep-alive connections take the close path");
				return null;
			}
			try {
				this.client = HandOverClient.connect(path);
				logger.info("Handing idle keep-alive connections to the serving worker over " + path);
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Cannot hand keep-alive connections to the serving worker over " + path + " (" + ex
						+ "); they take the close path");
			}
		}
		return this.client;
	}

	private static void close(SocketChannel connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
	}

}
