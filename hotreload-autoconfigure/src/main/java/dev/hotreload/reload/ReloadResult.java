package dev.hotreload.reload;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one reload.
 *
 * @param generation the generation the reload started, or the current one if none was
 * started
 * @param outcome how it ended
 * @param startedAt when the reload started
 * @param durationMillis from the start of the reload to the switch (or the failure)
 * @param startupMillis of that, how long the new generation's {@code SpringApplication.run}
 * took; the rest is waiting for readiness and the switch. {@code null} if it did not start
 * @param error what went wrong, {@code null} on success
 */
public record ReloadResult(int generation, ReloadOutcome outcome, Instant startedAt, long durationMillis,
		@Nullable Long startupMillis, @Nullable String error) {

	static ReloadResult of(int generation, ReloadOutcome outcome, Instant startedAt, @Nullable String error) {
		return new ReloadResult(generation, outcome, startedAt, millisSince(startedAt), null, error);
	}

	static ReloadResult switched(int generation, Instant startedAt, Duration startup) {
		return new ReloadResult(generation, ReloadOutcome.SUCCESS, startedAt, millisSince(startedAt),
				startup.toMillis(), null);
	}

	private static long millisSince(Instant instant) {
		return Math.max(0, Duration.between(instant, Instant.now()).toMillis());
	}

	public boolean succeeded() {
		return this.outcome == ReloadOutcome.SUCCESS;
	}

}
