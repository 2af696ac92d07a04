package dev.hotreload.reload;

import java.time.Duration;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.longlived.GoingAway;
import dev.hotreload.longlived.GoingAwayPolicy;

/**
 * The settings of one generation, read from its own configuration.
 *
 * @param drainTimeout the longest an old generation may take to finish its connections
 * @param reloadTimeout the longest a new generation may take to become ready
 * @param backlog the accept queue length of listening sockets bound by this generation
 * @param reusePort whether listening sockets get {@code SO_REUSEPORT}
 * @param drainMode what happens to an old generation's keep-alive connections
 * @param goingAway when an old generation tells its HTTP/2 connections and long-lived
 * connections to go away
 */
public record ReloadSettings(Duration drainTimeout, Duration reloadTimeout, int backlog, boolean reusePort,
		DrainMode drainMode, GoingAwayPolicy goingAway) {

	public ReloadSettings {
		if (drainTimeout.isNegative()) {
			throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
		}
		if (reloadTimeout.isNegative() || reloadTimeout.isZero()) {
			throw new IllegalArgumentException("reloadTimeout must be positive, got " + reloadTimeout);
		}
		if (backlog < 1) {
			throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
		}
		if (drainMode == null) {
			throw new IllegalArgumentException("drainMode must not be null");
		}
		if (goingAway == null) {
			throw new IllegalArgumentException("goingAway must not be null");
		}
	}

	/**
	 * Settings that drain by migration and tell connections to go away at drain start, the
	 * defaults.
	 */
	public ReloadSettings(Duration drainTimeout, Duration reloadTimeout, int backlog, boolean reusePort) {
		this(drainTimeout, reloadTimeout, backlog, reusePort, DrainMode.MIGRATE,
				new GoingAwayPolicy(GoingAway.AT_DRAIN_START, Duration.ofSeconds(5)));
	}

}
