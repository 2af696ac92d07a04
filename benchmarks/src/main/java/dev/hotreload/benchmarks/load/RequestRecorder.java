package dev.hotreload.benchmarks.load;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.hotreload.benchmarks.load.LoadGenerator.ClientKind;
import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;

/**
 * Every request a {@link LoadGenerator} sent, in the order they ended: when (from this
 * recorder's origin), how long, which client, how it ended and which generation answered.
 * Answers counts per outcome, counts per time bucket (also per generation or instance) and
 * latency percentiles afterwards.
 */
public final class RequestRecorder implements LoadGenerator.RequestListener {

	private final long originNanos;

	private long[] ends = new long[1 << 16];

	private long[] latencies = new long[1 << 16];

	private byte[] kinds = new byte[1 << 16];

	private byte[] outcomes = new byte[1 << 16];

	private int[] generations = new int[1 << 16];

	private int size;

	/**
	 * A recorder whose time 0 is now.
	 */
	public RequestRecorder() {
		this(System.nanoTime());
	}

	RequestRecorder(long originNanos) {
		this.originNanos = originNanos;
	}

	long originNanos() {
		return this.originNanos;
	}

	/**
	 * Seconds from this recorder's origin to a {@link System#nanoTime()} value.
	 * @param nanos the time
	 * @return seconds since the origin
	 */
	public double seconds(long nanos) {
		return (nanos - this.originNanos) / 1e9;
	}

	@Override
	public synchronized void completed(ClientKind kind, long startNanos, long endNanos, Outcome outcome,
			int generation) {
		if (this.size == this.ends.length) {
			int grown = this.size * 2;
			this.ends = Arrays.copyOf(this.ends, grown);
			this.latencies = Arrays.copyOf(this.latencies, grown);
			this.kinds = Arrays.copyOf(this.kinds, grown);
			this.outcomes = Arrays.copyOf(this.outcomes, grown);
			this.generations = Arrays.copyOf(this.generations, grown);
		}
		this.ends[this.size] = endNanos - this.originNanos;
		this.latencies[this.size] = endNanos - startNanos;
		this.kinds[this.size] = (byte) kind.ordinal();
		this.outcomes[this.size] = (byte) outcome.ordinal();
		this.generations[this.size] = generation;
		this.size++;
	}

	public synchronized long requests() {
		return this.size;
	}

	/**
	 * Requests by outcome.
	 * @return a count for every outcome
	 */
	public synchronized Map<Outcome, Long> outcomes() {
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			counts.put(outcome, 0L);
		}
		for (int i = 0; i < this.size; i++) {
			counts.merge(Outcome.values()[this.outcomes[i]], 1L, Long::sum);
		}
		return counts;
	}

	public synchronized long errors() {
		long errors = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.outcomes[i] != Outcome.OK.ordinal()) {
				errors++;
			}
		}
		return errors;
	}

	/**
	 * Requests per time bucket, by the time they ended; a last partial bucket is left out.
	 * @param bucketMillis the bucket width
	 * @param seconds how long a span the buckets cover, from the origin
	 * @return {@code [bucket][outcome ordinal]} counts
	 */
	public synchronized long[][] buckets(long bucketMillis, double seconds) {
		int count = (int) Math.floor(seconds * 1000 / bucketMillis);
		long[][] buckets = new long[count][Outcome.values().length];
		long width = bucketMillis * 1_000_000;
		for (int i = 0; i < this.size; i++) {
			int bucket = (int) (this.ends[i] / width);
			if (bucket >= 0 && bucket < count) {
				buckets[bucket][this.outcomes[i]]++;
			}
		}
		return buckets;
	}

	/**
	 * How many distinct generations answered 200 (0 counts as unknown and is left out).
	 * @return the number of distinct known generations
	 */
	public synchronized long distinctGenerations() {
		return Arrays.stream(this.generations, 0, this.size).filter((generation) -> generation > 0).distinct().count();
	}

	/**
	 * When each request answered 200 ended.
	 * @return seconds since the origin, in order
	 */
	public synchronized double[] answeredSeconds() {
		double[] seconds = new double[this.size];
		int n = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.outcomes[i] == Outcome.OK.ordinal()) {
				seconds[n++] = this.ends[i] / 1e9;
			}
		}
		// Recorded as requests ended, which threads may report slightly out of order.
		Arrays.sort(seconds, 0, n);
		return Arrays.copyOf(seconds, n);
	}

	/**
	 * Requests answered 200 per time bucket, split by the instance that answered.
	 * @param bucketMillis the bucket width
	 * @param seconds how long a span the buckets cover, from the origin
	 * @param instances which instance answered a request, from when it ended and the
	 * generation it reported
	 * @return per instance, in order, its 200 answers in every bucket
	 */
	public synchronized SortedMap<Integer, long[]> answeredByInstance(long bucketMillis, double seconds,
			InstanceResolver instances) {
		int count = (int) Math.floor(seconds * 1000 / bucketMillis);
		SortedMap<Integer, long[]> answered = new TreeMap<>();
		long width = bucketMillis * 1_000_000;
		for (int i = 0; i < this.size; i++) {
			int bucket = (int) (this.ends[i] / width);
			if (this.outcomes[i] == Outcome.OK.ordinal() && bucket >= 0 && bucket < count) {
				int instance = instances.instance(this.ends[i] / 1e9, this.generations[i]);
				answered.computeIfAbsent(instance, (key) -> new long[count])[bucket]++;
			}
		}
		return answered;
	}

	/**
	 * A latency percentile of the requests of fast clients (keep-alive and new-connection:
	 * the slow ones wait on purpose) answered 200 and ended within a time window.
	 * @param percentile from 0 to 100
	 * @param fromSeconds window start, seconds since the origin
	 * @param toSeconds window end
	 * @return the latency in milliseconds, or {@code NaN} if no request qualifies
	 */
	public double fastLatencyMillis(double percentile, double fromSeconds, double toSeconds) {
		return fastLatencyMillis(percentile, new double[][] { { fromSeconds, toSeconds } }, false);
	}

	/**
	 * A latency percentile of the fast clients' 200 answers inside, or outside, windows.
	 * @param percentile from 0 to 100
	 * @param windows {@code [from, to]} pairs in seconds since the origin
	 * @param outside count the requests outside every window instead
	 * @return the latency in milliseconds, or {@code NaN} if no request qualifies
	 */
	public synchronized double fastLatencyMillis(double percentile, double[][] windows, boolean outside) {
		long[] selected = new long[this.size];
		int n = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.kinds[i] == ClientKind.SLOW.ordinal() || this.outcomes[i] != Outcome.OK.ordinal()) {
				continue;
			}
			double at = this.ends[i] / 1e9;
			boolean inside = false;
			for (double[] window : windows) {
				inside |= at >= window[0] && at <= window[1];
			}
			if (inside != outside) {
				selected[n++] = this.latencies[i];
			}
		}
		if (n == 0) {
			return Double.NaN;
		}
		Arrays.sort(selected, 0, n);
		int rank = Math.max(1, (int) Math.ceil(percentile / 100 * n));
		return selected[rank - 1] / 1e6;
	}

	/**
	 * How many of the fast clients' requests were answered 200 and ended inside windows.
	 * @param windows {@code [from, to]} pairs in seconds since the origin
	 * @return the count
	 */
	public synchronized long fastAnswered(double[][] windows) {
		long count = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.kinds[i] == ClientKind.SLOW.ordinal() || this.outcomes[i] != Outcome.OK.ordinal()) {
				continue;
			}
			double at = this.ends[i] / 1e9;
			for (double[] window : windows) {
				if (at >= window[0] && at <= window[1]) {
					count++;
					break;
				}
			}
		}
		return count;
	}

	/** Tells which instance answered a request. */
	@FunctionalInterface
	public interface InstanceResolver {

		/**
		 * The instance that answered.
		 * @param endSeconds when the request ended, seconds since the origin
		 * @param generation the generation it reported, 0 if unknown
		 * @return the instance's number
		 */
		int instance(double endSeconds, int generation);

	}

}
