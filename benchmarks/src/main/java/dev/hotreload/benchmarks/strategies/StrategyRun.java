package dev.hotreload.benchmarks.strategies;

import java.util.List;
import java.util.Map;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;

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
	 * How the run's 200 answers split into generations or instances. When the answers
	 * report more than one generation (hotreload; a context restart counts its restarts)
	 * that number is used. Otherwise (every JVM restart says generation 1) instance k
	 * answered between reload k-1 and reload k: see {@link #switchSeconds(double[], Reload)}.
	 * @return the legend prefix and the resolver
	 */
	Instances instances() {
		if (this.recorder.distinctGenerations() > 1) {
			return new Instances("gen", (endSeconds, generation) -> generation);
		}
		double[] answered = this.recorder.answeredSeconds();
		double[] switches = this.reloads.stream().mapToDouble((reload) -> switchSeconds(answered, reload)).toArray();
		return new Instances("instance", (endSeconds, generation) -> {
			int instance = 1;
			for (double at : switches) {
				instance += (endSeconds >= at) ? 1 : 0;
			}
			return instance;
		});
	}

	// The end of the longest pause in 200 answers from the trigger until the harness saw
	// the new instance: that pause is the restart (the old instance's in-flight answers
	// come before it, the new instance's first answers after it, often before the harness
	// polled), so neither the trigger nor the poll time alone splits the answers right.
	private static double switchSeconds(double[] answered, Reload reload) {
		double from = reload.triggerSeconds();
		double to = from + reload.newVersion().toNanos() / 1e9;
		double previous = from;
		double longest = -1;
		double switchAt = to;
		for (double at : answered) {
			if (at <= from) {
				continue;
			}
			if (at - previous > longest) {
				longest = at - previous;
				switchAt = at;
			}
			if (at > to) {
				break;
			}
			previous = at;
		}
		return switchAt;
	}

	/**
	 * How to name and tell apart the instances that answered.
	 *
	 * @param label the legend prefix: {@code gen} or {@code instance}
	 * @param resolver which one answered a request
	 */
	record Instances(String label, RequestRecorder.InstanceResolver resolver) {

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
