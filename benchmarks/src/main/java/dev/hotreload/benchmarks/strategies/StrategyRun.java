package dev.hotreload.benchmarks.strategies;

import java.util.List;
import java.util.Map;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;

/**
 * What one strategy's run measured: the load clients' requests over the whole run, each
 * reload's timings, the latency before the first reload and after each switch, and the
 * JVMs' memory.
 *
 * @param strategy the strategy
 * @param recorder every request of the run, time 0 at the start of the load
 * @param seconds how long the load ran
 * @param reloads each reload, in order
 * @param errorExamples a few distinct failures with their counts
 * @param baseline the window before the first reload (after the warm-up) whose latency is
 * the run's steady latency, {@code [from, to]} in seconds since the load started
 * @param afterSwitchSeconds how long a window after each switch is compared with it
 * @param memory the JVMs' resident memory during the run
 * @param leftBehind processes the last JVM started that outlived it (and were killed)
 * @param stoppedForcibly whether the last JVM had to be killed when the run ended
 */
record StrategyRun(Strategy strategy, RequestRecorder recorder, double seconds, List<Reload> reloads,
		List<String> errorExamples, double[] baseline, double afterSwitchSeconds, JvmMemory.Readings memory,
		List<String> leftBehind, boolean stoppedForcibly) {

	StrategyRun {
		reloads = List.copyOf(reloads);
		errorExamples = List.copyOf(errorExamples);
		baseline = baseline.clone();
		leftBehind = List.copyOf(leftBehind);
	}

	/**
	 * When the new version took over: the trigger plus the time until it served (for
	 * hotreload, in either mode, until the POST answered).
	 * @param reload the reload
	 * @return seconds since the load started
	 */
	static double switchSeconds(Reload reload) {
		return reload.triggerSeconds() + reload.newVersion().toNanos() / 1e9;
	}

	/**
	 * A latency percentile of the fast clients' 200 answers in the baseline.
	 * @param percentile from 0 to 100
	 * @return milliseconds, {@code NaN} if none
	 */
	double baselineLatencyMillis(double percentile) {
		return this.recorder.fastLatencyMillis(percentile, this.baseline[0], this.baseline[1]);
	}

	/**
	 * The fast clients' 200 answers per second in the baseline.
	 * @return answers per second
	 */
	double baselineFastPerSecond() {
		return this.recorder.fastAnswered(new double[][] { this.baseline }) / (this.baseline[1] - this.baseline[0]);
	}

	/**
	 * Windows after every switch, from {@code fromSeconds} to {@code toSeconds} after it.
	 * @param fromSeconds window start after the switch
	 * @param toSeconds window end after the switch
	 * @return {@code [from, to]} pairs in seconds since the load started
	 */
	double[][] afterSwitch(double fromSeconds, double toSeconds) {
		return this.reloads.stream()
			.map((reload) -> new double[] { switchSeconds(reload) + fromSeconds,
					Math.min(this.seconds, switchSeconds(reload) + toSeconds) })
			.toArray(double[][]::new);
	}

	/**
	 * A latency percentile of the fast clients' 200 answers in windows after every switch.
	 * @param percentile from 0 to 100
	 * @param fromSeconds window start after each switch
	 * @param toSeconds window end after each switch
	 * @return milliseconds, {@code NaN} if none
	 */
	double afterSwitchLatencyMillis(double percentile, double fromSeconds, double toSeconds) {
		return this.recorder.fastLatencyMillis(percentile, afterSwitch(fromSeconds, toSeconds), false);
	}

	/**
	 * The fast clients' 200 answers per second in the windows after every switch.
	 * @return answers per second
	 */
	double afterSwitchFastPerSecond() {
		double[][] windows = afterSwitch(0, this.afterSwitchSeconds);
		double seconds = 0;
		for (double[] window : windows) {
			seconds += window[1] - window[0];
		}
		return this.recorder.fastAnswered(windows) / seconds;
	}

	/**
	 * A latency percentile of the fast clients' 200 answers in the window after one switch.
	 * @param percentile from 0 to 100
	 * @param reload the reload
	 * @return milliseconds, {@code NaN} if none
	 */
	double afterSwitchLatencyMillis(double percentile, Reload reload) {
		double at = switchSeconds(reload);
		return this.recorder.fastLatencyMillis(percentile, at, Math.min(this.seconds, at + this.afterSwitchSeconds));
	}

	/**
	 * A latency percentile of the fast clients' 200 answers from each trigger until its
	 * switch: the old version serving while the new one starts (none for a restart).
	 * @param percentile from 0 to 100
	 * @return milliseconds, {@code NaN} if none
	 */
	double duringReloadLatencyMillis(double percentile) {
		double[][] windows = this.reloads.stream()
			.map((reload) -> new double[] { reload.triggerSeconds(), switchSeconds(reload) })
			.toArray(double[][]::new);
		return this.recorder.fastLatencyMillis(percentile, windows, false);
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
