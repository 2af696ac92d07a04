package dev.hotreload.generation;

import java.time.Duration;
import java.time.Instant;

/**
 * Identity of one generation of the application: its number, when it started and the
 * process it lives in. Each reload creates a new generation; older ones drain while the
 * newest serves new connections.
 *
 * @param generation the generation number, starting at 1 and never reused
 * @param startTime when the generation started
 * @param pid the process the generation runs in
 */
public record WorkerGeneration(int generation, Instant startTime, long pid) {

	public WorkerGeneration {
		if (generation < 1) {
			throw new IllegalArgumentException("Generation numbers start at 1, got " + generation);
		}
	}

	/**
	 * A generation starting now in this process.
	 * @param generation the generation number
	 * @return the new generation
	 */
	public static WorkerGeneration startingNow(int generation) {
		return new WorkerGeneration(generation, Instant.now(), ProcessHandle.current().pid());
	}

	/**
	 * How long this generation has been running.
	 * @return the uptime, never negative
	 */
	public Duration uptime() {
		Duration uptime = Duration.between(this.startTime, Instant.now());
		return uptime.isNegative() ? Duration.ZERO : uptime;
	}

	/**
	 * Whether this generation is older than the one now serving.
	 * @param currentGeneration the generation serving new connections
	 * @return {@code true} if this generation is older
	 */
	public boolean isOldGeneration(int currentGeneration) {
		return this.generation < currentGeneration;
	}

}
