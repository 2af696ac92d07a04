package dev.hotreload.benchmarks.strategies;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The strategy comparison's command line. Every flag has a default, so a bare run from the
 * repository root measures what the README shows.
 *
 * @param reloads reloads (or restarts) per strategy
 * @param warmUpMillis load on a freshly started sample before its baseline: a fresh JVM
 * runs its code interpreted at first
 * @param baselineSeconds load before the first reload whose latency is the run's steady
 * latency, the yardstick for the latency after each switch
 * @param pauseMillis load between one reload serving again and the next reload (at least
 * until {@code afterSwitchSeconds} after the switch)
 * @param afterSwitchSeconds the window after each switch whose latency is compared with
 * the baseline's; the next reload, and the end of the run, wait for it to pass
 * @param steadySeconds how long to measure steady throughput and latency with and without
 * the starter; 0 skips that part
 * @param strategies the strategies to run, in {@link Strategy} order
 * @param servers the samples to run them on, one after the other; a strategy that does not
 * run on a server is left out there
 * @param resultsDir where the CSV files, the PNG and the logs are written
 */
record StrategyComparisonOptions(int reloads, long warmUpMillis, int baselineSeconds, long pauseMillis,
		int afterSwitchSeconds, int steadySeconds, List<Strategy> strategies, List<SampleServer> servers,
		Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.strategies.StrategyComparison \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --reloads=N                reloads (restarts) per strategy (default 5)
			  --warm-up-millis=N         load on a fresh sample before its baseline (default 5000)
			  --baseline-seconds=N       load before the first reload: the run's steady latency (default 10)
			  --pause-millis=N           load between a reload serving again and the next one, at least
			                             until the after-switch window has passed (default 3000)
			  --after-switch-seconds=N   window after each switch compared with the baseline; the next
			                             reload and the end of the run wait for it (default 10)
			  --steady-seconds=N         steady load with and without the starter, 0 to skip (default 15)
			  --strategies=A,B           only these strategies (default all: hotreload, hotreload-process,
			                             hotreload-process-warm, jvm-restart, context-restart,
			                             graceful-restart)
			  --servers=A,B              on these samples, one after the other (default all: %s);
			                             the Tomcat sample's files go in the results directory, each
			                             other one's in a directory of its own beneath (jetty/)
			  --results-dir=DIR          where the CSV files, PNG and logs go (default benchmarks/results)
			  --help                     print this and exit
			""".formatted(SampleServer.labels());

	private static final List<String> FLAGS = List.of("--reloads", "--warm-up-millis", "--baseline-seconds",
			"--pause-millis", "--after-switch-seconds", "--steady-seconds", "--strategies", "--servers", "--results-dir");

	StrategyComparisonOptions {
		strategies = List.copyOf(strategies);
		servers = List.copyOf(servers);
	}

	static StrategyComparisonOptions defaults() {
		return new StrategyComparisonOptions(5, 5000, 10, 3000, 10, 15, List.of(Strategy.values()),
				List.of(SampleServer.values()), Path.of("benchmarks", "results"));
	}

	/**
	 * Reads {@code --flag=value} or {@code --flag value} arguments over the defaults.
	 * @param args the command line
	 * @return the options
	 * @throws UsageException if a flag is unknown or a value is not valid
	 */
	static StrategyComparisonOptions parse(String... args) throws UsageException {
		return CommandLineFlags.parse(args, defaults(), FLAGS, StrategyComparisonOptions::with);
	}

	private StrategyComparisonOptions with(String name, String value) throws UsageException {
		int reloads = this.reloads;
		long warmUp = this.warmUpMillis;
		int baseline = this.baselineSeconds;
		long pause = this.pauseMillis;
		int afterSwitch = this.afterSwitchSeconds;
		int steady = this.steadySeconds;
		List<Strategy> strategies = this.strategies;
		List<SampleServer> servers = this.servers;
		Path resultsDir = this.resultsDir;
		switch (name) {
			case "--reloads" -> reloads = CommandLineFlags.atLeast(name, value, 1);
			case "--warm-up-millis" -> warmUp = CommandLineFlags.atLeast(name, value, 0);
			case "--baseline-seconds" -> baseline = CommandLineFlags.atLeast(name, value, 1);
			case "--pause-millis" -> pause = CommandLineFlags.atLeast(name, value, 0);
			case "--after-switch-seconds" -> afterSwitch = CommandLineFlags.atLeast(name, value, 1);
			case "--steady-seconds" -> steady = CommandLineFlags.atLeast(name, value, 0);
			case "--strategies" -> strategies = strategies(name, value);
			case "--servers" -> servers = SampleServer.parse(name, value);
			case "--results-dir" -> resultsDir = CommandLineFlags.directory(name, value);
			default -> throw new UsageException("Unknown option '" + name + "'");
		}
		return new StrategyComparisonOptions(reloads, warmUp, baseline, pause, afterSwitch, steady, strategies,
				servers, resultsDir);
	}

	private static List<Strategy> strategies(String name, String value) throws UsageException {
		List<String> labels = CommandLineFlags.items(value);
		List<Strategy> strategies = new ArrayList<>();
		for (String label : labels) {
			if (Strategy.ofLabel(label) == null) {
				throw new UsageException(name + ": unknown strategy '" + label + "'");
			}
		}
		for (Strategy strategy : Strategy.values()) {
			if (labels.contains(strategy.label())) {
				strategies.add(strategy);
			}
		}
		if (strategies.isEmpty()) {
			throw new UsageException(name + " must name at least one strategy");
		}
		return strategies;
	}

}
