package dev.hotreload.reload;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts and times reloads and drains for as long as the application runs, so that the
 * metrics every generation publishes are monotonic across generations.
 */
public final class ReloadStatistics {

	private final Map<ReloadOutcome, AtomicLong> reloads = new EnumMap<>(ReloadOutcome.class);

	private final AtomicLong coalesced = new AtomicLong();

	private final DurationTotal reloadDurations = new DurationTotal();

	private final DurationTotal drainDurations = new DurationTotal();

	private final AtomicLong forcedConnections = new AtomicLong();

	ReloadStatistics() {
		for (ReloadOutcome outcome : ReloadOutcome.values()) {
			this.reloads.put(outcome, new AtomicLong());
		}
	}

	void reloadEnded(ReloadResult result) {
		this.reloads.get(result.outcome()).incrementAndGet();
		if (result.succeeded()) {
			this.reloadDurations.add(Duration.ofMillis(result.durationMillis()));
		}
	}

	void reloadCoalesced() {
		this.coalesced.incrementAndGet();
	}

	void drained(Duration duration) {
		this.drainDurations.add(duration);
	}

	void drainForced(int connections) {
		this.forcedConnections.addAndGet(connections);
	}

	/**
	 * Reloads that ended with an outcome.
	 * @param outcome the outcome
	 * @return how many
	 */
	public long reloads(ReloadOutcome outcome) {
		return this.reloads.get(outcome).get();
	}

	/**
	 * Requests that joined a reload waiting to start instead of starting one.
	 * @return how many
	 */
	public long coalescedRequests() {
		return this.coalesced.get();
	}

	/**
	 * Durations of successful reloads, from their start to the switch.
	 * @return the total
	 */
	public DurationTotal reloadDurations() {
		return this.reloadDurations;
	}

	/**
	 * Durations of drains, from the switch to the old generation closed.
	 * @return the total
	 */
	public DurationTotal drainDurations() {
		return this.drainDurations;
	}

	/**
	 * Connections closed by force at drain timeouts.
	 * @return how many
	 */
	public long forcedConnections() {
		return this.forcedConnections.get();
	}

	/**
	 * A count of durations and their sum, read together by a timer metric.
	 */
	public static final class DurationTotal {

		private long count;

		private long totalNanos;

		synchronized void add(Duration duration) {
			this.count++;
			this.totalNanos += duration.toNanos();
		}

		public synchronized long count() {
			return this.count;
		}

		public synchronized double totalNanos() {
			return this.totalNanos;
		}

	}

}
