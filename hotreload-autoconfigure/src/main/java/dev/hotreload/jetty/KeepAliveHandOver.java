package dev.hotreload.jetty;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;

/**
 * Moves a connector's idle HTTP/1.1 connections, still open, to the connector that serves
 * now. Off until {@link #start}; then two paths move connections: the thread that has
 * just answered a request and waits for the next one ({@link MigratableEndPoint}), and a
 * {@link #sweep} over the connector's endpoints for those idle already.
 */
final class KeepAliveHandOver {

	private static final Log logger = LogFactory.getLog(KeepAliveHandOver.class);

	private volatile @Nullable Target target;

	private final AtomicInteger moved = new AtomicInteger();

	void start(ConnectionHandOff handOff, GenerationConnector from) {
		this.target = new Target(handOff, from);
	}

	void stop() {
		this.target = null;
	}

	boolean isActive() {
		return this.target != null;
	}

	int moved() {
		return this.moved.get();
	}

	/**
	 * Moves every endpoint idle now. Runs on the drain's thread.
	 * @param endPoints the connector's endpoints
	 */
	void sweep(Iterable<EndPoint> endPoints) {
		if (this.target == null) {
			return;
		}
		for (EndPoint endPoint : endPoints) {
			if (endPoint instanceof MigratableEndPoint migratable) {
				tryMove(migratable);
			}
		}
	}

	/**
	 * Moves an endpoint if it is idle and another connector can go on with it: its socket
	 * leaves this connector's selector, goes to the serving connector, and only then does
	 * Jetty close the endpoint here (a close that leaves the socket open), so that the
	 * drain cannot end while the connection is on its way.
	 * @param endPoint the endpoint
	 * @return {@code true} if it moved
	 */
	boolean tryMove(MigratableEndPoint endPoint) {
		Target to = this.target;
		if (to == null || !to.handOff().canTakeFrom(to.from()) || !endPoint.claimIfIdle()) {
			return false;
		}
		SelectionKey key = endPoint.selectionKey();
		if (key != null) {
			// The old selector forgets the cancelled key at its next select: wake it, so it
			// does not keep watching a socket another selector serves.
			key.cancel();
			key.selector().wakeup();
		}
		this.moved.incrementAndGet();
		try {
			to.handOff().handOff(endPoint.getChannel(), null);
		}
		catch (RuntimeException ex) {
			logger.warn("Handing over an idle connection failed; closing it", ex);
			closeQuietly(endPoint);
		}
		finally {
			endPoint.close();
		}
		return true;
	}

	private static void closeQuietly(MigratableEndPoint endPoint) {
		try {
			endPoint.getChannel().close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
	}

	private record Target(ConnectionHandOff handOff, GenerationConnector from) {
	}

}
