package dev.hotreload.reload;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.hotreload.reload.ReloadQueue.Attempt;

/**
 * The outcome of one reload.
 *
 * @param generation the generation the reload started, or the current one if none was
 * started
 * @param kind what the reload started: a context in the serving JVM or a worker process
 * @param trigger what asked for it (for a reload several requests joined, the first)
 * @param outcome how it ended
 * @param startedAt when the reload started
 * @param durationMillis from the start of the reload to the switch (or the failure)
 * @param startupMillis of that, how long the new generation took to start (its
 * {@code SpringApplication.run}, or a worker JVM until it was ready); the rest is waiting
 * for readiness and the switch. {@code null} if it did not start
 * @param error what went wrong, {@code null} on success
 */
public record ReloadResult(int generation, ReloadKind kind, ReloadTrigger trigger, ReloadOutcome outcome,
		Instant startedAt, long durationMillis, @Nullable Long startupMillis, @Nullable String error) {

	/**
	 * A reload that ended without a switch.
	 * @param attempt the reload
	 * @param outcome how it ended
	 * @param error why
	 * @return the result
	 */
	public static ReloadResult of(Attempt attempt, ReloadOutcome outcome, @Nullable String error) {
		return new ReloadResult(attempt.generation(), attempt.kind(), attempt.trigger(), outcome, attempt.startedAt(),
				millisSince(attempt.startedAt()), null, error);
	}

	/**
	 * A reload that switched to its generation.
	 * @param attempt the reload
	 * @param startup how long the new generation took to start
	 * @return the result
	 */
	public static ReloadResult switched(Attempt attempt, Duration startup) {
		return new ReloadResult(attempt.generation(), attempt.kind(), attempt.trigger(), ReloadOutcome.SUCCESS,
				attempt.startedAt(), millisSince(attempt.startedAt()), startup.toMillis(), null);
	}

	private static long millisSince(Instant instant) {
		return Math.max(0, Duration.between(instant, Instant.now()).toMillis());
	}

	public boolean succeeded() {
		return this.outcome == ReloadOutcome.SUCCESS;
	}

}
