package dev.hotreload.context;

import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Keep-alive connections that cross worker processes. The connectors of a worker that no
 * longer serves (it retires, or stands by for a rollback) hand theirs to another process,
 * if one was set ({@link #handOverWhenRetiring}); a serving worker adopts those of others
 * into the generation serving its inherited listener.
 */
public final class WorkerConnections {

	private final SharedListeners listeners;

	private final BooleanSupplier awayFromServing;

	private final BooleanSupplier shuttingDown;

	private volatile @Nullable ConnectionHandOff elsewhere;

	WorkerConnections(SharedListeners listeners, BooleanSupplier awayFromServing, BooleanSupplier shuttingDown) {
		this.listeners = listeners;
		this.awayFromServing = awayFromServing;
		this.shuttingDown = shuttingDown;
	}

	/**
	 * Where connections go once this worker retires or stands by; until then they move
	 * within the JVM.
	 * @param handOff the hand-off to the serving worker
	 */
	public void handOverWhenRetiring(ConnectionHandOff handOff) {
		this.elsewhere = handOff;
	}

	/**
	 * Whether a connection handed over by another worker would be served here now: a plain
	 * connector serves the inherited listener, and this worker serves (it neither retires
	 * nor stands by) and does not shut down.
	 * @return {@code true} if it would
	 */
	public boolean canAdopt() {
		ConnectionRouter router = this.listeners.inheritedRouter();
		GenerationConnector serving = (router != null) ? router.current() : null;
		return serving != null && serving.isPlain() && !this.awayFromServing.getAsBoolean()
				&& !this.shuttingDown.getAsBoolean();
	}

	/**
	 * Serves a connection another worker handed over between requests, as the serving
	 * generation goes on with one moved within the JVM.
	 * @param connection the connection
	 * @return {@code false} if it cannot be served here: it is still the caller's
	 */
	public boolean adopt(SocketChannel connection) {
		ConnectionRouter router = this.listeners.inheritedRouter();
		if (router == null || !canAdopt()) {
			return false;
		}
		router.acceptMoved(connection, null);
		return true;
	}

	/**
	 * This worker serves again after standing by: a later hand-off to another process
	 * finds the worker that serves then.
	 */
	void servingAgain() {
		ConnectionHandOff other = this.elsewhere;
		if (other != null) {
			other.forgetTarget();
		}
	}

	/**
	 * A connector's hand-off: within the JVM, or to another process while this worker does
	 * not serve.
	 */
	ConnectionHandOff handOffFor(ConnectionHandOff inJvm) {
		return new ConnectionHandOff() {

			@Override
			public boolean canTakeFrom(GenerationConnector from) {
				return target().canTakeFrom(from);
			}

			@Override
			public void handOff(SocketChannel connection, @Nullable Object carried) {
				target().handOff(connection, carried);
			}

			private ConnectionHandOff target() {
				ConnectionHandOff other = WorkerConnections.this.elsewhere;
				return (other != null && WorkerConnections.this.awayFromServing.getAsBoolean()) ? other : inJvm;
			}

		};
	}

}
