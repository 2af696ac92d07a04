package dev.hotreload.reload;

/**
 * How a reload ended.
 */
public enum ReloadOutcome {

	/** The new generation is ready and serves new connections. */
	SUCCESS,

	/** The new generation failed to start; the old one keeps serving. */
	FAILURE,

	/** The new generation was not ready within the reload timeout; the old one keeps serving. */
	TIMEOUT,

	/** The application is shutting down or cannot reload; nothing was started. */
	REJECTED,

	/**
	 * The new generation served, then misbehaved within the rollback window (its health
	 * went down or too many of its responses were 5xx): the previous generation serves
	 * again.
	 */
	ROLLED_BACK

}
