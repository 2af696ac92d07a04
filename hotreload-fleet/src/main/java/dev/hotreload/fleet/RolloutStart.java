package dev.hotreload.fleet;

import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /actuator/reload/fleet} did.
 *
 * @param rollout the rollout started, or the one running that kept this one from starting
 * @param result {@code STARTED}, {@code CONFLICT} (another rollout runs) or
 * {@code UNAVAILABLE} (the bus cannot be reached: nothing was reloaded)
 * @param error why no rollout started, {@code null} if one did
 */
public record RolloutStart(@Nullable RolloutStatus rollout, Result result, @Nullable String error) {

	static RolloutStart started(RolloutStatus rollout) {
		return new RolloutStart(rollout, Result.STARTED, null);
	}

	static RolloutStart conflict(RolloutStatus running) {
		return new RolloutStart(running, Result.CONFLICT,
				"Rollout " + running.id() + " by " + running.coordinator() + " is running");
	}

	static RolloutStart unavailable(String error) {
		return new RolloutStart(null, Result.UNAVAILABLE, error);
	}

	/**
	 * What became of the request.
	 */
	public enum Result {

		/** A rollout started. */
		STARTED,

		/** Another rollout runs. */
		CONFLICT,

		/** The fleet's bus cannot be reached; nothing was reloaded. */
		UNAVAILABLE

	}

}
