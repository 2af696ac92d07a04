package dev.hotreload.reload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Counts and times reloads and drains for as long as the application runs, so that the
 * metrics every generation publishes are monotonic across generations. In process mode the
 * supervisor keeps them and every worker holds a copy ({@link #restore}), so that they are
 * monotonic across worker processes too.
 */
public final class ReloadStatistics {

	/**
	 * The outcome of requests that joined a waiting reload, as the metrics tag it.
	 */
	public static final String COALESCED = "coalesced";

	private final Map<String, Long> counts = new HashMap<>();

	private final DurationTotal reloadDurations = new DurationTotal();

	private final DurationTotal drainDurations = new DurationTotal();

	private long forcedConnections;

	private long migratedConnections;

	private long closedConnections;

	private @Nullable DrainOutcome lastDrain;

	private final DurationTotal singletonGaps = new DurationTotal();

	private @Nullable SingletonHandOver lastSingletonHandOver;

	/**
	 * The key of a count: an outcome (or {@link #COALESCED}) and a trigger, as the metrics
	 * tag them.
	 * @param outcome the outcome's tag value
	 * @param trigger the trigger
	 * @return the key
	 */
	public static String key(String outcome, ReloadTrigger trigger) {
		return outcome + "." + trigger.tagValue();
	}

	/**
	 * The outcome as the metrics tag it.
	 * @param outcome the outcome
	 * @return its tag value
	 */
	public static String tagValue(ReloadOutcome outcome) {
		return outcome.name().toLowerCase(Locale.ROOT);
	}

	synchronized void reloadEnded(ReloadResult result) {
		this.counts.merge(key(tagValue(result.outcome()), result.trigger()), 1L, Long::sum);
		if (result.succeeded()) {
			this.reloadDurations.add(Duration.ofMillis(result.durationMillis()));
		}
	}

	synchronized void reloadCoalesced(ReloadTrigger trigger) {
		this.counts.merge(key(COALESCED, trigger), 1L, Long::sum);
	}

	public void drained(Duration duration) {
		this.drainDurations.add(duration);
	}

	public synchronized void drainForced(int connections) {
		this.forcedConnections += connections;
	}

	/**
	 * Records how a drain's connections left the old generation (the forced ones are
	 * counted by {@link #drainForced} already).
	 * @param outcome the drain's outcome
	 */
	public synchronized void drainEnded(DrainOutcome outcome) {
		this.migratedConnections += outcome.migrated();
		this.closedConnections += outcome.closed();
		this.lastDrain = outcome;
	}

	/**
	 * Connections old generations handed, still open, to the serving one.
	 * @return the total
	 */
	public synchronized long migratedConnections() {
		return this.migratedConnections;
	}

	/**
	 * Connections of old generations closed after a request during drains.
	 * @return the total
	 */
	public synchronized long closedConnections() {
		return this.closedConnections;
	}

	/**
	 * The last drain's outcome: in this JVM, or in process mode the supervisor's, from
	 * whichever worker drained last.
	 * @return it, {@code null} before the first drain ended
	 */
	public synchronized @Nullable DrainOutcome lastDrain() {
		return this.lastDrain;
	}

	/**
	 * Records that singleton work moved from one generation to another.
	 * @param handOver how it moved
	 */
	public synchronized void singletonsHandedOver(SingletonHandOver handOver) {
		this.singletonGaps.add(Duration.ofMillis(handOver.gapMillis()));
		this.lastSingletonHandOver = handOver;
	}

	/**
	 * The last move of singleton work, in this JVM (in process mode, the supervisor's).
	 * @return it, {@code null} before the first
	 */
	public synchronized @Nullable SingletonHandOver lastSingletonHandOver() {
		return this.lastSingletonHandOver;
	}

	/**
	 * Gaps without singleton work at hand-overs, from the old generation's stop to the new
	 * generation's start.
	 * @return the total
	 */
	public DurationTotal singletonGaps() {
		return this.singletonGaps;
	}

	/**
	 * Reloads a trigger asked for that ended with an outcome, or requests that joined a
	 * reload waiting to start ({@link #COALESCED}).
	 * @param outcome the outcome's tag value, or {@link #COALESCED}
	 * @param trigger the trigger
	 * @return how many
	 */
	public synchronized long count(String outcome, ReloadTrigger trigger) {
		return this.counts.getOrDefault(key(outcome, trigger), 0L);
	}

	/**
	 * Reloads that ended with an outcome, whatever asked for them.
	 * @param outcome the outcome
	 * @return how many
	 */
	public synchronized long reloads(ReloadOutcome outcome) {
		return sum(tagValue(outcome));
	}

	/**
	 * Requests that joined a reload waiting to start instead of starting one.
	 * @return how many
	 */
	public synchronized long coalescedRequests() {
		return sum(COALESCED);
	}

	private long sum(String outcome) {
		long sum = 0;
		for (ReloadTrigger trigger : ReloadTrigger.values()) {
			sum += count(outcome, trigger);
		}
		return sum;
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
		return new Figures(Map.copyOf(this.counts), this.reloadDurations.count(),
				this.reloadDurations.totalNanos, this.drainDurations.count(), this.drainDurations.totalNanos,
				this.forcedConnections, this.migratedConnections, this.closedConnections, this.lastDrain,
				this.singletonGaps.count(), this.singletonGaps.totalNanos, this.lastSingletonHandOver);
	}

	/**
	 * Takes the figures of the statistics this copy follows.
	 * @param figures the figures
	 */
	public synchronized void restore(Figures figures) {
		this.counts.clear();
		this.counts.putAll(figures.counts());
		this.reloadDurations.set(figures.reloadCount(), figures.reloadNanos());
		this.drainDurations.set(figures.drainCount(), figures.drainNanos());
		this.forcedConnections = figures.forcedConnections();
		this.migratedConnections = figures.migratedConnections();
		this.closedConnections = figures.closedConnections();
		this.lastDrain = figures.lastDrain();
		this.singletonGaps.set(figures.singletonGapCount(), figures.singletonGapNanos());
		this.lastSingletonHandOver = figures.lastSingletonHandOver();
	}

	/**
	 * Every figure of the statistics.
	 *
	 * @param counts reloads and coalesced requests by {@link #key}
	 * @param reloadCount successful reloads
	 * @param reloadNanos their total duration
	 * @param drainCount drains
	 * @param drainNanos their total duration
	 * @param forcedConnections connections closed by force
	 * @param migratedConnections connections handed, still open, to a serving generation
	 * @param closedConnections connections closed after a request during drains
	 * @param lastDrain the last drain's outcome, {@code null} before the first
	 * @param singletonGapCount moves of singleton work
	 * @param singletonGapNanos their total gap
	 * @param lastSingletonHandOver the last move, {@code null} before the first
	 */
	public record Figures(Map<String, Long> counts, long reloadCount, long reloadNanos, long drainCount,
			long drainNanos, long forcedConnections, long migratedConnections, long closedConnections,
			@Nullable DrainOutcome lastDrain, long singletonGapCount, long singletonGapNanos,
			@Nullable SingletonHandOver lastSingletonHandOver) {
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
