package dev.hotreload.benchmarks.dashboard;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The dashboard snapshot's command line. Every flag has a default, so a bare run from the
 * repository root draws the picture the README shows.
 *
 * @param seconds how long the load runs, and so the width of every chart
 * @param reloads how many successful reloads to spread over that time; one failing reload
 * comes on top, in the middle
 * @param observabilityDir the project's {@code observability} directory: install script,
 * alert rules and Grafana dashboard
 * @param resultsDir where the PNG, the CSV and the logs are written
 */
record DashboardSnapshotOptions(int seconds, int reloads, Path observabilityDir, Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.dashboard.DashboardSnapshot \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --seconds=N                how long to put load on the sample (default 60)
			  --reloads=N                successful reloads during that time, plus one failing reload (default 8)
			  --observability-dir=DIR    install script, alert rules and dashboard (default observability)
			  --results-dir=DIR          where the PNG, CSV and logs go (default benchmarks/results)
			  --help                     print this and exit
			""";

	private static final List<String> FLAGS = List.of("--seconds", "--reloads", "--observability-dir",
			"--results-dir");

	static DashboardSnapshotOptions defaults() {
		return new DashboardSnapshotOptions(60, 8, Path.of("observability"), Path.of("benchmarks", "results"));
	}

	/**
	 * Reads {@code --flag=value} or {@code --flag value} arguments over the defaults.
	 * @param args the command line
	 * @return the options
	 * @throws UsageException if a flag is unknown or a value is not valid
	 */
	static DashboardSnapshotOptions parse(String... args) throws UsageException {
		return CommandLineFlags.parse(args, defaults(), FLAGS, DashboardSnapshotOptions::with);
	}

	private DashboardSnapshotOptions with(String name, String value) throws UsageException {
		return switch (name) {
			case "--seconds" -> new DashboardSnapshotOptions(CommandLineFlags.positive(name, value), this.reloads,
					this.observabilityDir, this.resultsDir);
			case "--reloads" -> new DashboardSnapshotOptions(this.seconds, CommandLineFlags.positive(name, value),
					this.observabilityDir, this.resultsDir);
			case "--observability-dir" -> new DashboardSnapshotOptions(this.seconds, this.reloads,
					CommandLineFlags.directory(name, value), this.resultsDir);
			case "--results-dir" -> new DashboardSnapshotOptions(this.seconds, this.reloads, this.observabilityDir,
					CommandLineFlags.directory(name, value));
			default -> throw new UsageException("Unknown option '" + name + "'");
		};
	}

	Path installScript() {
		return this.observabilityDir.resolve("install-prometheus.sh");
	}

	Path rules() {
		return this.observabilityDir.resolve("prometheus/hotreload-rules.yml");
	}

	Path dashboard() {
		return this.observabilityDir.resolve("grafana/hotreload-dashboard.json");
	}

}
