package dev.hotreload.process;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.reload.SingletonHandOver;

/**
 * The supervisor's part in moving singleton work (scheduled tasks, message listeners)
 * between worker processes: every worker starts holding its own, and the serving worker
 * is told to start it ({@code START_SINGLETONS}) only once every retired worker has
 * stopped its own ({@code SINGLETONS_STOPPED}, sent before it drains) or exited. So no
 * two workers run it at once, even when reloads follow each other before a retired worker
 * has answered.
 */
final class SingletonRelay {

	static final String START = "START_SINGLETONS";

	static final String STOPPED = "SINGLETONS_STOPPED";

	static final String STARTED = "SINGLETONS_STARTED";

	static final String MOVED = "SINGLETONS_MOVED";

	private static final Log logger = LogFactory.getLog(SingletonRelay.class);

	private final Consumer<SingletonHandOver> moved;

	private final Set<WorkerProcess> stopping = new HashSet<>();

	private @Nullable WorkerProcess toStart;

	private int runningGeneration;

	private int fromGeneration;

	private long stopRequested;

	private boolean stoppedInTime = true;

	/**
	 * @param moved told of every move between workers
	 */
	SingletonRelay(Consumer<SingletonHandOver> moved) {
		this.moved = moved;
	}

	/**
	 * A worker serves now and the one before, if any, was told to retire.
	 * @param serving the worker that serves
	 * @param retired the worker that served before, {@code null} if none
	 */
	synchronized void served(WorkerProcess serving, @Nullable WorkerProcess retired) {
		if (retired != null && retired.isAlive()) {
			if (this.stopping.isEmpty()) {
				this.stopRequested = System.nanoTime();
				this.fromGeneration = this.runningGeneration;
			}
			this.stopping.add(retired);
		}
		this.toStart = serving;
		startIfStopped();
	}

	/**
	 * A retired worker says its singleton work has stopped.
	 * @param worker the worker
	 * @param inTime whether it stopped within its stop timeout
	 */
	synchronized void stopped(WorkerProcess worker, boolean inTime) {
		if (this.stopping.remove(worker)) {
			this.stoppedInTime &= inTime;
		}
		startIfStopped();
	}

	/**
	 * A worker exited: whatever it ran has stopped.
	 * @param worker the worker
	 */
	synchronized void exited(WorkerProcess worker) {
		this.stopping.remove(worker);
		if (this.toStart == worker) {
			this.toStart = null;
		}
		startIfStopped();
	}

	/**
	 * The serving worker says its singleton work has started.
	 * @param worker the worker
	 * @param hasWork whether it has any
	 */
	synchronized void started(WorkerProcess worker, boolean hasWork) {
		int previous = this.fromGeneration;
		this.runningGeneration = worker.generation();
		if (this.stopRequested == 0) {
			return;
		}
		long gapMillis = Duration.ofNanos(System.nanoTime() - this.stopRequested).toMillis();
		boolean inTime = this.stoppedInTime;
		this.stopRequested = 0;
		this.stoppedInTime = true;
		if (hasWork) {
			logger.info("Singletons moved from generation " + previous + " (worker process) to "
					+ worker.generation() + " in " + gapMillis + " ms");
			this.moved.accept(new SingletonHandOver(previous, worker.generation(), gapMillis, inTime, Instant.now()));
		}
	}

	private void startIfStopped() {
		WorkerProcess next = this.toStart;
		if (this.stopping.isEmpty() && next != null && next.isAlive()) {
			this.toStart = null;
			next.send(ControlMessage.of(START));
		}
	}

}
