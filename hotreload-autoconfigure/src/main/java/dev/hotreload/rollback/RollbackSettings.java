package dev.hotreload.rollback;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a generation is watched after the switch to it, read from its own configuration.
 *
 * @param window how long after the switch the generation is watched and the previous one
 * kept; {@code null} or zero: no window, the previous generation drains at once
 * @param errorRatio the share of 5xx responses above which the generation is rolled back
 * @param minimumResponses how many responses the generation must have sent before its
 * error ratio counts
 * @param healthGroup the health group checked, before the switch and during the window;
 * {@code null} for the readiness group
 */
public record RollbackSettings(@Nullable Duration window, double errorRatio, int minimumResponses,
		@Nullable String healthGroup) {

	/** The health group checked unless another is named. */
	public static final String READINESS_GROUP = "readiness";

	public RollbackSettings {
		if (window != null && window.isNegative()) {
			throw new IllegalArgumentException("hotreload.rollback.window must not be negative, got " + window);
		}
		if (!(errorRatio > 0 && errorRatio <= 1)) {
			throw new IllegalArgumentException(
					"hotreload.rollback.error-ratio must be above 0 and at most 1, got " + errorRatio);
		}
		if (minimumResponses < 1) {
			throw new IllegalArgumentException(
					"hotreload.rollback.minimum-responses must be at least 1, got " + minimumResponses);
		}
	}

	/**
	 * Settings with no window: only the health check before the switch applies.
	 * @return the settings
	 */
	public static RollbackSettings none() {
		return new RollbackSettings(null, 0.5, 20, null);
	}

	/**
	 * Whether a switch to the generation opens a rollback window.
	 * @return {@code true} if the window is set and positive
	 */
	public boolean hasWindow() {
		return this.window != null && !this.window.isZero();
	}

	/**
	 * The health group to check.
	 * @return the group named, or the readiness group
	 */
	public String group() {
		return (this.healthGroup != null && !this.healthGroup.isBlank()) ? this.healthGroup : READINESS_GROUP;
	}

}
