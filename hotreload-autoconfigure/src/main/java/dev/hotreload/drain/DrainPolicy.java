package dev.hotreload.drain;

import java.time.Duration;

import dev.hotreload.generation.WorkerGeneration;

/**
 * Decides whether a generation drains, the Java form of the seed's
 * {@code should_drain_worker}.
 */
public final class DrainPolicy {

	private DrainPolicy() {
	}

	/**
	 * Whether a generation should drain: it must be older than the current one, and the
	 * drain timeout must leave it time to finish its connections. A zero drain timeout
	 * means old generations are closed at once instead.
	 * @param worker the generation to decide for
	 * @param currentGeneration the generation serving new connections
	 * @param drainTimeout the longest a drain may take
	 * @return {@code true} if the generation should drain
	 */
	public static boolean shouldDrainWorker(WorkerGeneration worker, int currentGeneration, Duration drainTimeout) {
		return worker.isOldGeneration(currentGeneration) && drainTimeout.compareTo(Duration.ZERO) > 0;
	}

	/**
	 * Whether a retired generation should drain: an older one as
	 * {@link #shouldDrainWorker} says, and also a newer one that traffic was switched back
	 * from (a rollback), which has connections to finish all the same.
	 * @param worker the generation to decide for
	 * @param currentGeneration the generation serving new connections
	 * @param drainTimeout the longest a drain may take
	 * @return {@code true} if the generation should drain
	 */
	public static boolean shouldDrainRetired(WorkerGeneration worker, int currentGeneration, Duration drainTimeout) {
		return worker.generation() != currentGeneration && drainTimeout.compareTo(Duration.ZERO) > 0;
	}

}
