package dev.hotreload.reload;

import java.time.Duration;

/**
 * The settings of one generation, read from its own configuration.
 *
 * @param drainTimeout the longest an old generation may take to finish its connections
 * @param reloadTimeout the longest a new generation may take to become ready
 * @param backlog the accept queue length of listening sockets bound by this generation
 * @param reusePort whether listening sockets get {@code SO_REUSEPORT}
 */
public record ReloadSettings(Duration drainTimeout, Duration reloadTimeout, int backlog, boolean reusePort) {

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
	}

}
