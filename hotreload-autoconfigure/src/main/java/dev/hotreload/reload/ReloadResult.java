package dev.hotreload.reload;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one reload.
 *
 * @param generation the generation the reload started, or the current one if none was
 * started
 * @param kind what the reload started: a context in the serving JVM or a worker process
 * @param outcome how it ended
 * @param startedAt when the reload started
 * @param durationMillis from the start of the reload to the switch (or the failure)
 * @param startupMillis of that, how long the new generation took to start (its
 * {@code SpringApplication.run}, or a worker JVM until it was ready); the rest is waiting
 * for readiness and the switch. {@code null} if it did not start
 * @param error what went wrong, {@code null} on success
 */
public record ReloadResult(int generation, ReloadKind kind, ReloadOutcome outcome, Instant startedAt,
		long durationMillis, @Nullable Long startupMillis, @Nullable String error) {

	public static ReloadResult of(int generation, ReloadKind kind, ReloadOutcome outcome, Instant startedAt,
			@Nullable String error) {
		return new ReloadResult(generation, kind, outcome, startedAt, millisSince(startedAt), null, error);
	}

	public static ReloadResult switched(int generation, ReloadKind kind, Instant startedAt, Duration startup) {
		return new ReloadResult(generation, kind, ReloadOutcome.SUCCESS, startedAt, millisSince(startedAt),
				startup.toMillis(), null);
	}

	private static long millisSince(Instant instant) {
		return Math.max(0, Duration.between(instant, Instant.now()).toMillis());
	}

	public boolean succeeded() {
		return this.outcome == ReloadOutcome.SUCCESS;
	}

}
