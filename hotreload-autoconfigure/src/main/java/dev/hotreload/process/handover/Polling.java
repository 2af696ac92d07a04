package dev.hotreload.process.handover;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Asks again until there is an answer or a bound has passed: what another process is
 * about to tell, or a selector about to let go of a channel.
 */
final class Polling {

	private Polling() {
	}

	/**
	 * @param bound how long to ask at most
	 * @param interval the pause between two questions
	 * @param probe the question: {@code null} for no answer yet
	 * @return the first answer, or {@code null} if none came in time (or the thread was
	 * interrupted, which stays set)
	 */
	static <T> @Nullable T until(Duration bound, Duration interval, Supplier<@Nullable T> probe) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (true) {
			T answer = probe.get();
			if (answer != null || System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
				return answer;
			}
			LockSupport.parkNanos(interval.toNanos());
		}
	}

}
