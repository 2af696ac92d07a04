package dev.hotreload.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Gathers the paths that events name until they go quiet. A batch is ready once no path
 * was added for the quiet period, or once its first path has waited ten quiet periods, so
 * that writes that never pause are still reported.
 */
final class Debouncer {

	private static final int LONGEST_WAIT_IN_QUIET_PERIODS = 10;

	private final long quietNanos;

	private final long longestWaitNanos;

	private Set<Path> paths = new LinkedHashSet<>();

	private long firstAdded;

	private long lastAdded;

	private boolean closed;

	Debouncer(Duration quietPeriod) {
		this.quietNanos = quietPeriod.toNanos();
		this.longestWaitNanos = this.quietNanos * LONGEST_WAIT_IN_QUIET_PERIODS;
	}

	/**
	 * Adds paths to the batch; none at all leaves the quiet period running.
	 * @param added the paths
	 */
	synchronized void add(Collection<Path> added) {
		if (added.isEmpty() || this.closed) {
			return;
		}
		long now = System.nanoTime();
		if (this.paths.isEmpty()) {
			this.firstAdded = now;
			notifyAll();
		}
		this.lastAdded = now;
		this.paths.addAll(added);
	}

	/**
	 * Waits for the next batch.
	 * @return its paths, or {@code null} once closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	synchronized @Nullable Set<Path> next() throws InterruptedException {
		while (!this.closed) {
			if (this.paths.isEmpty()) {
				wait();
				continue;
			}
			long due = Math.min(this.lastAdded + this.quietNanos, this.firstAdded + this.longestWaitNanos);
			long remaining = due - System.nanoTime();
			if (remaining <= 0) {
				Set<Path> batch = this.paths;
				this.paths = new LinkedHashSet<>();
				return batch;
			}
			TimeUnit.NANOSECONDS.timedWait(this, remaining);
		}
		return null;
	}

	/**
	 * Ends waiting: {@link #next()} returns {@code null} from now on.
	 */
	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

}
