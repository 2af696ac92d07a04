package dev.hotreload.longlived;

/**
 * When a draining generation tells its HTTP/2 connections (GOAWAY) and its long-lived
 * connections (WebSocket 1001, async requests completed) to go away.
 */
public enum GoingAway {

	/** As soon as the generation starts draining, right after the switch. */
	AT_DRAIN_START,

	/**
	 * Once the grace period has passed since the drain started: a stream that ends by
	 * itself meanwhile is not interrupted, and an HTTP/2 client that is done with its
	 * connection by then never sees a GOAWAY.
	 */
	AFTER_GRACE,

	/**
	 * Never: HTTP/2 and long-lived connections stay until their clients close them or the
	 * drain timeout cuts them.
	 */
	NEVER

}
