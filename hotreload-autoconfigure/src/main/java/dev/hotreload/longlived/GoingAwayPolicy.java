package dev.hotreload.longlived;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a draining generation's HTTP/2 and long-lived connections are told to go away.
 *
 * @param when at drain start, after the grace period, or never
 * @param grace how long after the drain started, for {@link GoingAway#AFTER_GRACE}
 */
public record GoingAwayPolicy(GoingAway when, Duration grace) {

	public GoingAwayPolicy {
		if (grace.isNegative()) {
			throw new IllegalArgumentException("hotreload.drain.going-away-grace must not be negative, got " + grace);
		}
	}

	/**
	 * How long after the drain started the HTTP/2 and long-lived connections go away.
	 * @return the delay, {@code null} for never
	 */
	public @Nullable Duration delay() {
		return switch (this.when) {
			case AT_DRAIN_START -> Duration.ZERO;
			case AFTER_GRACE -> this.grace;
			case NEVER -> null;
		};
	}

}
