package dev.hotreload.benchmarks.strategies;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The start-cost benchmark's command line.
 *
 * @param starts starts per configuration
 * @param servers the samples to start
 * @param jvmOptions options for every sample JVM; none measures the JVM's defaults
 * @param resultsDir where the CSV files and the logs go
 */
record StartCostOptions(int starts, List<SampleServer> servers, List<String> jvmOptions, Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.strategies.StartCostBenchmark \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --starts=N                 starts per configuration, interleaved (default 6)
			  --servers=A,B              only these samples (default all: %s)
			  --jvm-options="A B"        options for every sample JVM (default none: the JVM's defaults)
			  --results-dir=DIR          where the CSV files and logs go (default benchmarks/results)
			  --help                     print this and exit
			""".formatted(SampleServer.labels());

	private static final List<String> FLAGS = List.of("--starts", "--servers", "--jvm-options", "--results-dir");

	StartCostOptions {
		servers = List.copyOf(servers);
		jvmOptions = List.copyOf(jvmOptions);
	}

	static StartCostOptions parse(String... args) throws UsageException {
		StartCostOptions defaults = new StartCostOptions(6, List.of(SampleServer.values()), List.of(),
				Path.of("benchmarks", "results"));
		return CommandLineFlags.parse(args, defaults, FLAGS, StartCostOptions::with);
	}

	private StartCostOptions with(String name, String value) throws UsageException {
		return switch (name) {
			case "--starts" -> new StartCostOptions(CommandLineFlags.positive(name, value), this.servers,
					this.jvmOptions, this.resultsDir);
			case "--servers" -> new StartCostOptions(this.starts, SampleServer.parse(name, value), this.jvmOptions,
					this.resultsDir);
			case "--jvm-options" -> new StartCostOptions(this.starts, this.servers,
					value.isBlank() ? List.of() : List.of(value.strip().split("\\s+")), this.resultsDir);
			case "--results-dir" -> new StartCostOptions(this.starts, this.servers, this.jvmOptions,
					CommandLineFlags.directory(name, value));
			default -> throw new UsageException("Unknown option '" + name + "'");
		};
	}

}
