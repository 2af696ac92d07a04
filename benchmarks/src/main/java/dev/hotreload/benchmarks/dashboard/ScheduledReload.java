package dev.hotreload.benchmarks.dashboard;

import dev.hotreload.benchmarks.sample.ReloadResponse;

/**
 * One reload the snapshot posted, and how the sample answered.
 *
 * @param seconds when it was posted, in seconds since the load started
 * @param meantToFail whether the config was broken for it
 * @param response the answer to {@code POST /actuator/reload}
 */
record ScheduledReload(double seconds, boolean meantToFail, ReloadResponse response) {

	/**
	 * Whether the sample answered as intended: 200 for a normal reload, 500 and the old
	 * generation kept for the broken one.
	 * @return {@code true} if so
	 */
	boolean asIntended() {
		return this.meantToFail ? (this.response.status() == 500 && "FAILURE".equals(this.response.outcome()))
				: this.response.succeeded();
	}

}
