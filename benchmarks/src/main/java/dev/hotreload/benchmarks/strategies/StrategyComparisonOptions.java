package dev.hotreload.benchmarks.strategies;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The strategy comparison's command line. Every flag has a default, so a bare run from the
 * repository root measures what the README shows.
 *
 * @param reloads reloads (or restarts) per strategy
 * @param leadMillis load before the first reload, and after the last one
 * @param pauseMillis load between one reload serving again and the next reload
 * @param steadySeconds how long to measure steady throughput and latency with and without
 * the starter; 0 skips that part
 * @param resultsDir where the CSV files, the PNG and the logs are written
 */
record StrategyComparisonOptions(int reloads, long leadMillis, long pauseMillis, int steadySeconds,
		Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.strategies.StrategyComparison \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --reloads=N                reloads (restarts) per strategy (default 5)
			  --lead-millis=N            load before the first reload and after the last (default 2000)
			  --pause-millis=N           load between a reload serving again and the next one (default 3000)
			  --steady-seconds=N         steady load with and without the starter, 0 to skip (default 15)
			  --results-dir=DIR          where the CSV files, PNG and logs go (default benchmarks/results)
			  --help                     print this and exit
			""";

	private static final List<String> FLAGS = List.of("--reloads", "--lead-millis", "--pause-millis",
			"--steady-seconds", "--results-dir");

	static StrategyComparisonOptions defaults() {
		return new StrategyComparisonOptions(5, 2000, 3000, 15, Path.of("benchmarks", "results"));
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
		return switch (name) {
			case "--reloads" -> new StrategyComparisonOptions(CommandLineFlags.atLeast(name, value, 1), this.leadMillis,
					this.pauseMillis, this.steadySeconds, this.resultsDir);
			case "--lead-millis" -> new StrategyComparisonOptions(this.reloads, CommandLineFlags.atLeast(name, value, 0),
					this.pauseMillis, this.steadySeconds, this.resultsDir);
			case "--pause-millis" -> new StrategyComparisonOptions(this.reloads, this.leadMillis,
					CommandLineFlags.atLeast(name, value, 0), this.steadySeconds, this.resultsDir);
			case "--steady-seconds" -> new StrategyComparisonOptions(this.reloads, this.leadMillis,
					this.pauseMillis, CommandLineFlags.atLeast(name, value, 0), this.resultsDir);
			case "--results-dir" -> new StrategyComparisonOptions(this.reloads, this.leadMillis, this.pauseMillis,
					this.steadySeconds, CommandLineFlags.directory(name, value));
			default -> throw new UsageException("Unknown option '" + name + "'");
		};
	}

}
