package dev.hotreload.fleet;

import java.time.Duration;

/**
 * How this instance takes part in a fleet.
 *
 * @param heartbeat how often it announces itself
 * @param batchSize how many members a rollout reloads at once
 * @param settle how long a rollout waits after a member's reload before checking it
 * @param stepTimeout how long a rollout waits for a member's outcome or answer, and how
 * long a rollout's coordinator may stay silent before the others call it abandoned
 * @param startWindow how long a new rollout's coordinator listens for a rollout started
 * elsewhere at the same moment before it answers and reloads anything
 */
public record FleetSettings(Duration heartbeat, int batchSize, Duration settle, Duration stepTimeout,
		Duration startWindow) {

	public FleetSettings {
		if (batchSize < 1) {
			throw new IllegalArgumentException("hotreload.fleet.batch-size must be at least 1, got " + batchSize);
		}
		if (heartbeat.isNegative() || heartbeat.isZero()) {
			throw new IllegalArgumentException("hotreload.fleet.heartbeat must be positive, got " + heartbeat);
		}
		if (startWindow.isNegative()) {
			throw new IllegalArgumentException("hotreload.fleet.start-window must not be negative, got " + startWindow);
		}
	}

}
