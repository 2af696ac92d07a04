package dev.hotreload.benchmarks.serving;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The serving-cost benchmark's command line.
 *
 * @param rounds measured runs per configuration and protocol, interleaved
 * @param requests requests per h2load run
 * @param wrkSeconds length of a wrk run
 * @param servers the samples to measure
 * @param resultsDir where the CSV files and the logs go
 */
record ServingCostOptions(int rounds, int requests, int wrkSeconds, List<SampleServer> servers, Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.serving.ServingCostBenchmark \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --rounds=N                 measured runs per configuration and protocol, interleaved (default 5)
			  --requests=N               requests per h2load run (default 50000)
			  --wrk-seconds=N            length of a wrk run (default 10)
			  --servers=A,B              only these samples (default all: %s)
			  --results-dir=DIR          where the CSV files and logs go (default benchmarks/results)
			  --help                     print this and exit
			""".formatted(SampleServer.labels());

	private static final List<String> FLAGS = List.of("--rounds", "--requests", "--wrk-seconds", "--servers",
			"--results-dir");

	ServingCostOptions {
		servers = List.copyOf(servers);
	}

	static ServingCostOptions parse(String... args) throws UsageException {
		ServingCostOptions defaults = new ServingCostOptions(5, 50_000, 10, List.of(SampleServer.values()),
				Path.of("benchmarks", "results"));
		return CommandLineFlags.parse(args, defaults, FLAGS, ServingCostOptions::with);
	}

	private ServingCostOptions with(String name, String value) throws UsageException {
		return switch (name) {
			case "--rounds" -> new ServingCostOptions(CommandLineFlags.positive(name, value), this.requests,
					this.wrkSeconds, this.servers, this.resultsDir);
			case "--requests" -> new ServingCostOptions(this.rounds, CommandLineFlags.positive(name, value),
					this.wrkSeconds, this.servers, this.resultsDir);
			case "--wrk-seconds" -> new ServingCostOptions(this.rounds, this.requests,
					CommandLineFlags.positive(name, value), this.servers, this.resultsDir);
			case "--servers" -> new ServingCostOptions(this.rounds, this.requests, this.wrkSeconds,
					SampleServer.parse(name, value), this.resultsDir);
			case "--results-dir" -> new ServingCostOptions(this.rounds, this.requests, this.wrkSeconds, this.servers,
					CommandLineFlags.directory(name, value));
			default -> throw new UsageException("Unknown option '" + name + "'");
		};
	}

}
