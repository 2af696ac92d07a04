package dev.hotreload.context;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.rollback.Rollbacks;

/**
 * Which generation serves new connections in this JVM, and the switches that change it: to
 * the first generation once its servers have started (in a worker, once the supervisor
 * says so), to a new one once it is ready, and back to the previous one on a rollback.
 * Each switch takes the application's lock, as its shutdown does, so that none follows the
 * shutdown.
 */
final class ServingGeneration {

	// The application's log category, which these lines had before the switches moved here.
	private static final Log logger = LogFactory.getLog(ReloadableApplication.class);

	private final Object lock;

	private final BooleanSupplier shuttingDown;

	private final Generation first;

	private final SharedListeners listeners;

	private final ReloadQueue queue;

	private final Rollbacks rollbacks;

	private final ApplicationLifetime lifetime;

	private volatile @Nullable Generation current;

	private volatile boolean holdFirst;

	/**
	 * @param lock the application's lock
	 * @param shuttingDown whether the application shuts down; read under the lock
	 * @param first the first generation
	 * @param listeners the shared listeners, switched with every generation
	 * @param queue the reload queue, told of every switch to a new generation
	 * @param rollbacks what becomes of the generation switched away from
	 * @param lifetime told when the first generation serves
	 */
	ServingGeneration(Object lock, BooleanSupplier shuttingDown, Generation first, SharedListeners listeners,
			ReloadQueue queue, Rollbacks rollbacks, ApplicationLifetime lifetime) {
		this.lock = lock;
		this.shuttingDown = shuttingDown;
		this.first = first;
		this.listeners = listeners;
		this.queue = queue;
		this.rollbacks = rollbacks;
		this.lifetime = lifetime;
	}

	Generation first() {
		return this.first;
	}

	/**
	 * The generation serving new connections.
	 * @return it, {@code null} before the first serves
	 */
	@Nullable Generation current() {
		return this.current;
	}

	/**
	 * The generation serving new connections, or the first before it serves.
	 */
	Generation currentOrFirst() {
		Generation serving = this.current;
		return (serving != null) ? serving : this.first;
	}

	/**
	 * Holds the first generation back until {@link #serveFirst()}: a worker's supervisor
	 * says when it serves.
	 */
	void holdFirst() {
		this.holdFirst = true;
	}

	void started(Generation generation) {
		synchronized (this.lock) {
			if (generation == this.first && !this.holdFirst) {
				serveFirst();
			}
		}
	}

	void serveFirst() {
		synchronized (this.lock) {
			if (this.current == null && !this.shuttingDown.getAsBoolean()
					&& this.first.state() == GenerationState.STARTING) {
				activate(this.first);
				logger.info("Generation " + this.first.number() + " serves");
				this.lifetime.serving();
			}
		}
	}

	ReloadResult switchTo(Generation next, Attempt attempt, Duration startup) {
		Generation previous;
		synchronized (this.lock) {
			if (this.shuttingDown.getAsBoolean()) {
				return ReloadResult.of(attempt, ReloadOutcome.REJECTED,
						"The application began shutting down while generation " + next.number() + " started");
			}
			previous = this.current;
			activate(next);
			this.queue.switched(attempt);
		}
		ReloadResult result = ReloadResult.switched(attempt, startup);
		logger.info("Switched to generation " + next.number() + " in " + result.durationMillis() + " ms"
				+ ((previous != null) ? "; generation " + previous.number() + " retires" : ""));
		if (previous != null) {
			this.rollbacks.switched(previous, next, result);
		}
		return result;
	}

	boolean switchBack(Generation from, Generation to) {
		synchronized (this.lock) {
			if (this.shuttingDown.getAsBoolean() || this.current != from) {
				return false;
			}
			activate(to);
			return true;
		}
	}

	private void activate(Generation generation) {
		Generation previous = this.current;
		this.listeners.switchTo(generation);
		generation.state(GenerationState.ACTIVE);
		this.current = generation;
		if (previous != null) {
			previous.state(GenerationState.DRAINING);
		}
	}

}
