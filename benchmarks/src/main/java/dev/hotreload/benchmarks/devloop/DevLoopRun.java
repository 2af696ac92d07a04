package dev.hotreload.benchmarks.devloop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;

/**
 * What one setup's run measured: every request of the load, and each code change.
 */
final class DevLoopRun {

	// Windows are counted in buckets this wide: exact to a millisecond at either end.
	private static final long WINDOW_BUCKET_MILLIS = 1;

	private final DevLoopSetup setup;

	private final RequestRecorder recorder;

	private final double seconds;

	private final List<CodeChange> changes;

	private final Duration firstHello;

	private final List<String> errorExamples;

	private final List<String> leftBehind;

	private final boolean stoppedForcibly;

	private long[][] millisecondBuckets;

	/**
	 * @param setup the setup
	 * @param recorder every request of the load
	 * @param seconds how long the load ran, on the recorder's clock
	 * @param changes the code changes, in order
	 * @param firstHello from the JVM's start to its first 200
	 * @param errorExamples a few distinct failures the load saw, with counts
	 * @param leftBehind processes the sample left alive, then killed
	 * @param stoppedForcibly whether the sample had to be killed
	 */
	DevLoopRun(DevLoopSetup setup, RequestRecorder recorder, double seconds, List<CodeChange> changes,
			Duration firstHello, List<String> errorExamples, List<String> leftBehind, boolean stoppedForcibly) {
		this.setup = setup;
		this.recorder = recorder;
		this.seconds = seconds;
		this.changes = List.copyOf(changes);
		this.firstHello = firstHello;
		this.errorExamples = List.copyOf(errorExamples);
		this.leftBehind = List.copyOf(leftBehind);
		this.stoppedForcibly = stoppedForcibly;
	}

	DevLoopSetup setup() {
		return this.setup;
	}

	RequestRecorder recorder() {
		return this.recorder;
	}

	double seconds() {
		return this.seconds;
	}

	List<CodeChange> changes() {
		return this.changes;
	}

	Duration firstHello() {
		return this.firstHello;
	}

	List<String> errorExamples() {
		return this.errorExamples;
	}

	List<String> leftBehind() {
		return this.leftBehind;
	}

	boolean stoppedForcibly() {
		return this.stoppedForcibly;
	}

	long requests() {
		return this.recorder.requests();
	}

	long errors() {
		return this.recorder.errors();
	}

	Map<Outcome, Long> outcomes() {
		return this.recorder.outcomes();
	}

	Distribution writtenToServed() {
		return Distribution.of(this.changes.stream().map(CodeChange::writtenToServed).toList());
	}

	/**
	 * The requests that ended while a change was on its way: from its class file written
	 * until its new code served.
	 * @param change the change
	 * @return a count for every {@link Outcome}, by ordinal
	 */
	synchronized long[] window(CodeChange change) {
		if (this.millisecondBuckets == null) {
			this.millisecondBuckets = this.recorder.buckets(WINDOW_BUCKET_MILLIS, this.seconds);
		}
		long[] counts = new long[Outcome.values().length];
		int from = (int) Math.floor(change.writtenSeconds() * 1000 / WINDOW_BUCKET_MILLIS);
		int to = (int) Math.floor(change.servedSeconds() * 1000 / WINDOW_BUCKET_MILLIS);
		for (int i = Math.max(0, from); i <= to && i < this.millisecondBuckets.length; i++) {
			for (int outcome = 0; outcome < counts.length; outcome++) {
				counts[outcome] += this.millisecondBuckets[i][outcome];
			}
		}
		return counts;
	}

	/**
	 * The failed requests that ended inside the changes' windows.
	 * @return the count, at most {@link #errors()}
	 */
	long errorsInWindows() {
		long errors = 0;
		for (CodeChange change : this.changes) {
			long[] window = window(change);
			for (Outcome outcome : Outcome.values()) {
				errors += (outcome != Outcome.OK) ? window[outcome.ordinal()] : 0;
			}
		}
		return errors;
	}

}
