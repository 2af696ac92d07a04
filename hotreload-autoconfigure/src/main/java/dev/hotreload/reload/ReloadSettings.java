package dev.hotreload.reload;

import java.time.Duration;

import dev.hotreload.drain.DrainMode;

/**
 * The settings of one generation, read from its own configuration.
 *
 * @param drainTimeout the longest an old generation may take to finish its connections
 * @param reloadTimeout the longest a new generation may take to become ready
 * @param backlog the accept queue length of listening sockets bound by this generation
 * @param reusePort whether listening sockets get {@code SO_REUSEPORT}
 * @param drainMode what happens to an old generation's keep-alive connections
 */
public record ReloadSettings(Duration drainTimeout, Duration reloadTimeout, int backlog, boolean reusePort,
		DrainMode drainMode) {

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
	}

	/**
	 * Settings that drain by migration, the default.
	 */
	public ReloadSettings(Duration drainTimeout, Duration reloadTimeout, int backlog, boolean reusePort) {
		this(drainTimeout, reloadTimeout, backlog, reusePort, DrainMode.MIGRATE);
	}

}
