package dev.hotreload.longlived;

/**
 * When a draining generation tells its long-lived connections to go away.
 */
public enum GoingAway {

	/** As soon as the generation starts draining, right after the switch. */
	AT_DRAIN_START,

	/**
	 * Once the grace period has passed since the drain started: a stream that ends by
	 * itself meanwhile is not interrupted.
	 */
	AFTER_GRACE,

	/** Never: long-lived connections stay until the drain timeout cuts them. */
	NEVER

}
