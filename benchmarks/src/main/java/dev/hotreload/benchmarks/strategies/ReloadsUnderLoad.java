package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * One strategy's run in the comparison: a fresh deployment of a sample under the
 * comparison's load, warmed up, its baseline taken, then reloaded again and again, each
 * reload printed as it ends.
 */
final class ReloadsUnderLoad {

	private final StrategyComparisonOptions options;

	private final PrintStream out;

	ReloadsUnderLoad(StrategyComparisonOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs a strategy on a sample. Stops every JVM it started, also when it fails.
	 * @return what the run measured
	 */
	StrategyRun run(Strategy strategy, SampleServer server, Path logs) throws IOException, InterruptedException {
		this.out.printf("%s: %s%n", strategy.label(), strategy.description());
		List<StrategyRun.Reload> reloads = new ArrayList<>();
		StrategyDeployment deployment = StrategyDeployment.start(strategy, server, logs);
		RequestRecorder recorder = new RequestRecorder();
		LoadResult load;
		double seconds;
		double[] baseline;
		List<JvmMemory> started;
		List<JvmMemory> beforeReloads;
		List<JvmMemory> afterReloads;
		try {
			started = deployment.memory();
			try (LoadGenerator generator = new LoadGenerator(deployment.port(), StrategyComparison.LOAD, recorder,
					StrategyComparison.PAUSE_AFTER_ERROR_MILLIS)) {
				Thread.sleep(this.options.warmUpMillis());
				double baselineFrom = recorder.seconds(System.nanoTime());
				Thread.sleep(this.options.baselineSeconds() * 1000L);
				baseline = new double[] { baselineFrom, recorder.seconds(System.nanoTime()) };
				beforeReloads = deployment.memory();
				for (int i = 1; i <= this.options.reloads(); i++) {
					StrategyRun.Reload reload = deployment.reload(i, recorder.seconds(System.nanoTime()));
					reloads.add(reload);
					this.out.printf(Locale.ROOT, "  %d/%d at %.1f s: served again after %.0f ms, new version after"
							+ " %.0f ms (%s)%n", i, this.options.reloads(), reload.triggerSeconds(),
							Distribution.millis(reload.serveAgain()), Distribution.millis(reload.newVersion()),
							reload.detail());
					// The next reload, and the end of the run, wait for the after-switch window.
					double windowEnd = StrategyRun.switchSeconds(reload) + this.options.afterSwitchSeconds();
					long untilWindowEnd = (long) Math.ceil((windowEnd - recorder.seconds(System.nanoTime())) * 1000);
					Thread.sleep(Math.max(this.options.pauseMillis(), untilWindowEnd));
				}
				afterReloads = deployment.memory();
				// The timeline ends here: after this, clients only finish what they sent.
				seconds = recorder.seconds(System.nanoTime());
				load = generator.stop();
			}
		}
		finally {
			deployment.close();
		}
		StrategyRun run = new StrategyRun(strategy, recorder, seconds, reloads, load.errorExamples(), baseline,
				this.options.afterSwitchSeconds(),
				new JvmMemory.Readings(started, beforeReloads, afterReloads, deployment.maxKibAtSwitch()),
				deployment.leftBehind(), deployment.stoppedForcibly());
		this.out.printf(Locale.ROOT, "  %d requests, %d errors; fast clients' p99 %.2f ms in the baseline, %.2f ms in"
				+ " the %d s after the switches%n", run.requests(), run.errors(), run.baselineLatencyMillis(99),
				run.afterSwitchLatencyMillis(99, 0, this.options.afterSwitchSeconds()),
				this.options.afterSwitchSeconds());
		leftBehind(run).forEach((line) -> this.out.println("  " + line));
		return run;
	}

	/** What a run's end left to clean up, one line each: printed after the run and again in the summary. */
	static List<String> leftBehind(StrategyRun run) {
		List<String> lines = new ArrayList<>();
		if (run.stoppedForcibly()) {
			lines.add(run.strategy().label() + ": the sample JVM did not exit within 30 s of SIGTERM and was killed");
		}
		run.leftBehind()
			.forEach((process) -> lines.add(run.strategy().label() + ": left alive after the sample JVM exited, then"
					+ " killed: " + process));
		return lines;
	}

}
