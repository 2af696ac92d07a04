package dev.hotreload.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Rollouts other members announced while this instance coordinates its own: two POSTs on
 * two members at the same moment. Every member picks the same one to run, the one that
 * {@linkplain #precedes goes first}; the other reloads nothing.
 */
final class RolloutRivals {

	private final Map<String, RolloutStatus> rivals = new ConcurrentHashMap<>();

	/**
	 * Another member told how its rollout stands while this one coordinates.
	 * @param rollout the rival
	 */
	void heard(RolloutStatus rollout) {
		if (rollout.running()) {
			this.rivals.put(rollout.id(), rollout);
		}
		else {
			this.rivals.remove(rollout.id());
		}
	}

	/** The rollout this instance coordinated ended: rivals of it are no longer of interest. */
	void clear() {
		this.rivals.clear();
	}

	/**
	 * The rival that goes first, before the given rollout and every other rival.
	 * @param own the rollout this instance coordinates
	 * @return that rival, or {@code null} if the given rollout goes first
	 */
	@Nullable RolloutStatus preceding(RolloutStatus own) {
		return this.rivals.values()
			.stream()
			.filter((rival) -> precedes(rival, own))
			.min((a, b) -> precedes(a, b) ? -1 : 1)
			.orElse(null);
	}

	/**
	 * Whether {@code a} goes before {@code b}: it started first, or at the same instant
	 * with the lower id. Every member decides alike, whatever its own clock says.
	 */
	static boolean precedes(RolloutStatus a, RolloutStatus b) {
		int byStart = Instant.parse(a.started()).compareTo(Instant.parse(b.started()));
		return (byStart != 0) ? byStart < 0 : a.id().compareTo(b.id()) < 0;
	}

}
