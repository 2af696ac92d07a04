package dev.hotreload.reload;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts and times reloads and drains for as long as the application runs, so that the
 * metrics every generation publishes are monotonic across generations. In process mode the
 * supervisor keeps them and every worker holds a copy ({@link #restore}), so that they are
 * monotonic across worker processes too.
 */
public final class ReloadStatistics {

	private final Map<ReloadOutcome, Long> reloads = new EnumMap<>(ReloadOutcome.class);

	private long coalesced;

	private final DurationTotal reloadDurations = new DurationTotal();

	private final DurationTotal drainDurations = new DurationTotal();

	private long forcedConnections;

	public ReloadStatistics() {
		for (ReloadOutcome outcome : ReloadOutcome.values()) {
			this.reloads.put(outcome, 0L);
		}
	}

	synchronized void reloadEnded(ReloadResult result) {
		this.reloads.merge(result.outcome(), 1L, Long::sum);
		if (result.succeeded()) {
			this.reloadDurations.add(Duration.ofMillis(result.durationMillis()));
		}
	}

	synchronized void reloadCoalesced() {
		this.coalesced++;
	}

	public void drained(Duration duration) {
		this.drainDurations.add(duration);
	}

	public synchronized void drainForced(int connections) {
		this.forcedConnections += connections;
	}

	/**
	 * Reloads that ended with an outcome.
	 * @param outcome the outcome
	 * @return how many
	 */
	public synchronized long reloads(ReloadOutcome outcome) {
		return this.reloads.get(outcome);
	}

	/**
	 * Requests that joined a reload waiting to start instead of starting one.
	 * @return how many
	 */
	public synchronized long coalescedRequests() {
		return this.coalesced;
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
	public synchronized long forcedConnections() {
		return this.forcedConnections;
	}

	/**
	 * Every figure at once, to hand to another process.
	 * @return the figures
	 */
	public synchronized Figures figures() {
		return new Figures(Map.copyOf(this.reloads), this.coalesced, this.reloadDurations.count(),
				this.reloadDurations.totalNanos, this.drainDurations.count(), this.drainDurations.totalNanos,
				this.forcedConnections);
	}

	/**
	 * Takes the figures of the statistics this copy follows.
	 * @param figures the figures
	 */
	public synchronized void restore(Figures figures) {
		this.reloads.putAll(figures.reloads());
		this.coalesced = figures.coalesced();
		this.reloadDurations.set(figures.reloadCount(), figures.reloadNanos());
		this.drainDurations.set(figures.drainCount(), figures.drainNanos());
		this.forcedConnections = figures.forcedConnections();
	}

	/**
	 * Every figure of the statistics.
	 *
	 * @param reloads reloads by outcome
	 * @param coalesced requests that joined a waiting reload
	 * @param reloadCount successful reloads
	 * @param reloadNanos their total duration
	 * @param drainCount drains
	 * @param drainNanos their total duration
	 * @param forcedConnections connections closed by force
	 */
	public record Figures(Map<ReloadOutcome, Long> reloads, long coalesced, long reloadCount, long reloadNanos,
			long drainCount, long drainNanos, long forcedConnections) {
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

		synchronized void set(long count, long totalNanos) {
			this.count = count;
			this.totalNanos = totalNanos;
		}

		public synchronized long count() {
			return this.count;
		}

		public synchronized double totalNanos() {
			return this.totalNanos;
		}

	}

}
