package dev.hotreload.benchmarks.strategies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The process start comparison's command line.
 *
 * @param rounds rounds of cold start and reloads
 * @param jar the sample's executable jar
 * @param results where the CSV file and the work directory go
 */
record ProcessStartOptions(int rounds, Path jar, Path results) {

	static final ProcessStartOptions DEFAULTS = new ProcessStartOptions(3,
			Path.of("sample-app/target/sample-app-0.1.0-SNAPSHOT-exec.jar"), Path.of("benchmarks/results"));

	static final String USAGE = "Options: --rounds=N (default 3), --sample-jar=PATH (default " + DEFAULTS.jar()
			+ "), --results-dir=DIR (default benchmarks/results)";

	/**
	 * Reads the flags, each defaulted.
	 * @throws UsageException if a flag is unknown or wrong, or there is no jar where it says
	 */
	static ProcessStartOptions parse(String[] args) throws UsageException {
		ProcessStartOptions options = CommandLineFlags.parse(args, DEFAULTS, List.of("--rounds", "--sample-jar",
				"--results-dir"), (current, name, value) -> switch (name) {
					case "--rounds" -> current.withRounds(CommandLineFlags.atLeast(name, value, 1));
					case "--sample-jar" -> current.withJar(Path.of(value));
					case "--results-dir" -> current.withResults(CommandLineFlags.directory(name, value));
					default -> throw new UsageException("Unknown option '" + name + "'");
				});
		if (!Files.isRegularFile(options.jar())) {
			throw new UsageException("No sample jar at " + options.jar()
					+ "; build it with ./mvnw -B -pl sample-app -am package -DskipTests");
		}
		return options;
	}

	ProcessStartOptions withRounds(int rounds) {
		return new ProcessStartOptions(rounds, this.jar, this.results);
	}

	ProcessStartOptions withJar(Path jar) {
		return new ProcessStartOptions(this.rounds, jar, this.results);
	}

	ProcessStartOptions withResults(Path results) {
		return new ProcessStartOptions(this.rounds, this.jar, results);
	}

}
