package dev.hotreload.fleet;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a rollout stands, as its coordinator last told it: {@code fleet.rollout} in
 * {@code GET /actuator/reload} on every member.
 *
 * @param id the rollout's id, the one {@code POST /actuator/reload/fleet} answered
 * @param coordinator the bus id of the member that runs it
 * @param state {@code RUNNING}, {@code SUCCEEDED}, {@code HALTED} or {@code ABANDONED}
 * @param started when it started
 * @param ended when it ended, {@code null} while it runs
 * @param steps one per member it reloads, in order (the coordinator last)
 * @param joinedDuring members that joined while it ran: it does not reload them
 * @param error why it halted or was abandoned, {@code null} otherwise
 */
public record RolloutStatus(String id, String coordinator, RolloutState state, String started, @Nullable String ended,
		List<Step> steps, List<String> joinedDuring, @Nullable String error) {

	public RolloutStatus {
		steps = List.copyOf(steps);
		joinedDuring = List.copyOf(joinedDuring);
	}

	public boolean running() {
		return this.state == RolloutState.RUNNING;
	}

	/**
	 * One member's step of a rollout.
	 *
	 * @param id the member's bus id
	 * @param state {@code PENDING}, {@code RELOADING}, {@code SETTLING}, {@code SUCCEEDED},
	 * {@code FAILED} or {@code SKIPPED} (after a halt)
	 * @param fromGeneration the generation it served before
	 * @param toGeneration the generation its reload started, {@code null} before
	 * @param outcome the outcome of its reload, {@code null} before it ended
	 * @param durationMillis from the request to the end of the step, {@code null} before
	 * @param error what went wrong, {@code null} if nothing did
	 */
	public record Step(String id, StepState state, int fromGeneration, @Nullable Integer toGeneration,
			@Nullable String outcome, @Nullable Long durationMillis, @Nullable String error) {

		Step with(StepState newState) {
			return new Step(this.id, newState, this.fromGeneration, this.toGeneration, this.outcome,
					this.durationMillis, this.error);
		}

	}

	/**
	 * Where a rollout is in its life.
	 */
	public enum RolloutState {

		/** Its coordinator reloads members. */
		RUNNING,

		/** Every member it included reloaded and stayed healthy. */
		SUCCEEDED,

		/** A step failed: later members were not touched. */
		HALTED,

		/** Its coordinator went silent for a step timeout (it died, or lost the broker). */
		ABANDONED

	}

	/**
	 * Where one member's step is.
	 */
	public enum StepState {

		/** Not reached yet. */
		PENDING,

		/** Asked to reload; its outcome is awaited. */
		RELOADING,

		/** Reloaded; the settle time (and its rollback window) runs before it is checked. */
		SETTLING,

		/** Reloaded, and still serves its new generation, healthy. */
		SUCCEEDED,

		/** Its reload failed, was rolled back, timed out, or it is unhealthy. */
		FAILED,

		/** Not touched: the rollout halted or was abandoned before it. */
		SKIPPED

	}

}
