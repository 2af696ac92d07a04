package dev.hotreload.benchmarks;

import java.util.List;
import java.util.Map;

import dev.hotreload.benchmarks.LoadGenerator.Outcome;

/**
 * What one strategy's run measured: the load clients' requests over the whole run and
 * each reload's timings.
 *
 * @param strategy the strategy
 * @param recorder every request of the run, time 0 at the start of the load
 * @param seconds how long the load ran
 * @param reloads each reload, in order
 * @param errorExamples a few distinct failures with their counts
 */
record StrategyRun(Strategy strategy, RequestRecorder recorder, double seconds, List<Reload> reloads,
		List<String> errorExamples) {

	StrategyRun {
		reloads = List.copyOf(reloads);
		errorExamples = List.copyOf(errorExamples);
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

	double errorsPerReload() {
		return (double) errors() / this.reloads.size();
	}

	Distribution serveAgain() {
		return Distribution.of(this.reloads.stream().map(Reload::serveAgain).toList());
	}

	Distribution newVersion() {
		return Distribution.of(this.reloads.stream().map(Reload::newVersion).toList());
	}

	/**
	 * One reload.
	 *
	 * @param number 1, 2, ...
	 * @param triggerSeconds when it was triggered, seconds since the load started
	 * @param serveAgain from the trigger until a request on a fresh connection was answered
	 * 200 (for a restart: by the new instance)
	 * @param newVersion from the trigger until the new instance serves fresh connections
	 * @param detail how the trigger answered
	 */
	record Reload(int number, double triggerSeconds, java.time.Duration serveAgain, java.time.Duration newVersion,
			String detail) {

	}

}
