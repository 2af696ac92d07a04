package dev.hotreload.benchmarks.cost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The harness's command line: how many of each measurement to take and where the results
 * go. Every flag has a default, so a bare run measures the documented setting.
 *
 * @param coldStarts how many fresh JVMs to time until their first answer
 * @param reloads how many sequential reloads to time, after the warm-up ones
 * @param loadReloads how many reloads to run while clients put load on the application
 * @param leakCheckpoints after how many reloads (beyond the first) to inspect memory and
 * threads, ascending
 * @param servers the samples to measure, one after the other
 * @param resultsDir where the CSV files and the sample's logs are written
 */
record BenchmarkOptions(int coldStarts, int reloads, int loadReloads, List<Integer> leakCheckpoints,
		List<SampleServer> servers, Path resultsDir) {

	private static final List<String> FLAGS = List.of("--cold-starts", "--reloads", "--load-reloads",
			"--leak-checkpoints", "--servers", "--results-dir");

	static final String USAGE = """
			Usage: java -jar benchmarks/target/hotreload-benchmarks.jar [options]
			  --cold-starts=N            fresh JVM starts to time (default 3)
			  --reloads=N                sequential reloads to time, after 3 warm-up reloads (default 60)
			  --load-reloads=N           reloads to run under load (default 10)
			  --leak-checkpoints=A,B,..  reload counts at which to inspect memory and threads (default 10,100,200)
			  --servers=A,B              only these samples (default all, one after the other: %s); the
			                             Tomcat sample's CSV files go in the results directory, each
			                             other one's in a directory of its own beneath (jetty/)
			  --results-dir=DIR          where the CSV files go (default benchmarks/results)
			  --help                     print this and exit
			""".formatted(SampleServer.labels());

	BenchmarkOptions {
		leakCheckpoints = List.copyOf(leakCheckpoints);
		servers = List.copyOf(servers);
	}

	static BenchmarkOptions defaults() {
		return new BenchmarkOptions(3, 60, 10, List.of(10, 100, 200), List.of(SampleServer.values()),
				Path.of("benchmarks", "results"));
	}

	/**
	 * Reads {@code --flag=value} or {@code --flag value} arguments over the defaults.
	 * @param args the command line
	 * @return the options
	 * @throws UsageException if a flag is unknown or a value is not valid
	 */
	static BenchmarkOptions parse(String... args) throws UsageException {
		return CommandLineFlags.parse(args, defaults(), FLAGS, BenchmarkOptions::with);
	}

	private BenchmarkOptions with(String name, String value) throws UsageException {
		int coldStarts = this.coldStarts;
		int reloads = this.reloads;
		int loadReloads = this.loadReloads;
		List<Integer> leakCheckpoints = this.leakCheckpoints;
		List<SampleServer> servers = this.servers;
		Path resultsDir = this.resultsDir;
		switch (name) {
			case "--cold-starts" -> coldStarts = CommandLineFlags.positive(name, value);
			case "--reloads" -> reloads = CommandLineFlags.positive(name, value);
			case "--load-reloads" -> loadReloads = CommandLineFlags.positive(name, value);
			case "--leak-checkpoints" -> leakCheckpoints = checkpoints(name, value);
			case "--servers" -> servers = SampleServer.parse(name, value);
			case "--results-dir" -> resultsDir = CommandLineFlags.directory(name, value);
			default -> throw new UsageException("Unknown option '" + name + "'");
		}
		return new BenchmarkOptions(coldStarts, reloads, loadReloads, leakCheckpoints, servers, resultsDir);
	}

	private static List<Integer> checkpoints(String name, String value) throws UsageException {
		List<Integer> checkpoints = new ArrayList<>();
		for (String part : value.split(",")) {
			int checkpoint = CommandLineFlags.positive(name, part);
			if (!checkpoints.isEmpty() && checkpoint <= checkpoints.get(checkpoints.size() - 1)) {
				throw new UsageException(name + " must be ascending, got '" + value + "'");
			}
			checkpoints.add(checkpoint);
		}
		return checkpoints;
	}

}
