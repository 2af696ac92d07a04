package dev.hotreload.drain;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * Waits for old generations to finish their work, the Java form of the seed's
 * {@code wait_for_workers_to_drain}.
 */
public final class Drainer {

	/** How often the seed checks by default. */
	public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMillis(500);

	private Drainer() {
	}

	/**
	 * Waits until every worker is drained or the timeout passes.
	 * @param workers the workers to wait for
	 * @param timeout the longest to wait
	 * @param checkInterval how often to check
	 * @return {@code true} if all drained in time, {@code false} at the timeout
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public static boolean waitForWorkersToDrain(Collection<? extends Drainable> workers, Duration timeout,
			Duration checkInterval) throws InterruptedException {
		return waitForWorkersToDrain(workers, timeout, checkInterval, () -> false);
	}

	/**
	 * Waits until every worker is drained, the timeout passes, or {@code giveUp} answers
	 * {@code true} (the application is shutting down, say).
	 * @param workers the workers to wait for
	 * @param timeout the longest to wait
	 * @param checkInterval how often to check
	 * @param giveUp checked with the workers; stops the wait early when {@code true}
	 * @return {@code true} if all drained, {@code false} at the timeout or on giving up
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public static boolean waitForWorkersToDrain(Collection<? extends Drainable> workers, Duration timeout,
			Duration checkInterval, BooleanSupplier giveUp) throws InterruptedException {
		if (checkInterval.isNegative() || checkInterval.isZero()) {
			throw new IllegalArgumentException("checkInterval must be positive, got " + checkInterval);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (workers.stream().allMatch(Drainable::isDrained)) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0 || giveUp.getAsBoolean()) {
				return false;
			}
			Thread.sleep(Math.max(1, Math.min(checkInterval.toMillis(), Duration.ofNanos(left).toMillis())));
		}
	}

}
