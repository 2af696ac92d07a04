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
 * @param error what went wrong, {@code null} on success
 */
public record ReloadResult(int generation, ReloadOutcome outcome, Instant startedAt, long durationMillis,
		@Nullable String error) {

	static ReloadResult of(int generation, ReloadOutcome outcome, Instant startedAt, @Nullable String error) {
		long millis = Math.max(0, Duration.between(startedAt, Instant.now()).toMillis());
		return new ReloadResult(generation, outcome, startedAt, millis, error);
	}

	public boolean succeeded() {
		return this.outcome == ReloadOutcome.SUCCESS;
	}

}
