package dev.hotreload.rollback;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.hotreload.context.Generation;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadStatus.RollbackWindowStatus;

/**
 * The time after a switch in which the new generation is watched and the previous one
 * is kept to serve again.
 *
 * @param watched the generation switched to
 * @param previous the generation switched from, in standby
 * @param switched the result of the reload that switched
 * @param settings the watched generation's rollback settings
 * @param until when the window ends
 */
record RollbackWindow(Generation watched, Generation previous, ReloadResult switched, RollbackSettings settings,
		Instant until) {

	/**
	 * What is wrong with the watched generation, if anything: its health is down, or its
	 * share of 5xx responses passed the error ratio.
	 * @return the reason to roll back, {@code null} if there is none
	 */
	@Nullable String problem() {
		return Rollbacks.problemOf(this.watched, this.settings);
	}

	/**
	 * Whether a share of 5xx responses calls for a rollback: only once there are enough
	 * responses for the share to mean something.
	 * @param responses the responses sent
	 * @param serverErrors of those, the 5xx ones
	 * @param settings the error ratio and the minimum number of responses
	 * @return the reason to roll back, {@code null} if there is none
	 */
	static @Nullable String errorRatioProblem(long responses, long serverErrors, RollbackSettings settings) {
		if (responses < settings.minimumResponses()) {
			return null;
		}
		double ratio = (double) serverErrors / responses;
		if (ratio <= settings.errorRatio()) {
			return null;
		}
		return String.format(Locale.ROOT, "5xx responses: %d of %d (%.2f), above the error ratio %.2f", serverErrors,
				responses, ratio, settings.errorRatio());
	}

	boolean hasEnded(Instant now) {
		return !now.isBefore(this.until);
	}

	RollbackWindowStatus status() {
		return new RollbackWindowStatus(this.watched.number(), this.previous.number(), this.until);
	}

}
