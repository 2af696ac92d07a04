package dev.hotreload.benchmarks.drain;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The drain-mode comparison's command line. Every flag has a default, so a bare run from
 * the repository root measures what the README shows: the load of issue 10's report, 40
 * pooled clients idling longer than a 1 s drain timeout.
 *
 * @param reloads reloads per mode
 * @param idleClients keep-alive clients that pause between requests
 * @param idleMillis their pause
 * @param busyClients keep-alive clients that do not pause
 * @param drainTimeoutMillis the sample's {@code hotreload.drain-timeout}
 * @param settleMillis load before the first reload and after each
 * @param resultsDir where the CSV files and logs are written
 * @param reloadModes {@code hotreload.mode} values to run both drain modes in:
 * {@code context} (generations in one JVM), {@code process} (worker JVMs)
 */
record DrainModeOptions(int reloads, int idleClients, int idleMillis, int busyClients, int drainTimeoutMillis,
		int settleMillis, Path resultsDir, List<String> reloadModes) {

	static final List<String> RELOAD_MODES = List.of("context", "process");

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.drain.DrainModeComparison \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --reloads=N              reloads per drain mode (default 10)
			  --idle-clients=N         keep-alive clients that pause between requests (default 40)
			  --idle-millis=N          their pause (default 1600)
			  --busy-clients=N         keep-alive clients that do not pause (default 4)
			  --drain-timeout-millis=N the sample's hotreload.drain-timeout (default 1000)
			  --settle-millis=N        load before the first reload and after each (default 2000)
			  --results-dir=DIR        where the CSV files and logs go (default benchmarks/results)
			  --reload-modes=LIST      hotreload.mode values to run, comma-separated (default context,process)
			  --help                   print this and exit
			""";

	private static final List<String> FLAGS = List.of("--reloads", "--idle-clients", "--idle-millis",
			"--busy-clients", "--drain-timeout-millis", "--settle-millis", "--results-dir", "--reload-modes");

	static DrainModeOptions defaults() {
		return new DrainModeOptions(10, 40, 1600, 4, 1000, 2000, Path.of("benchmarks", "results"), RELOAD_MODES);
	}

	/**
	 * Reads {@code --flag=value} or {@code --flag value} arguments over the defaults.
	 * @param args the command line
	 * @return the options
	 * @throws UsageException if a flag is unknown or a value is not valid
	 */
	static DrainModeOptions parse(String... args) throws UsageException {
		return CommandLineFlags.parse(args, defaults(), FLAGS, DrainModeOptions::with);
	}

	private DrainModeOptions with(String name, String value) throws UsageException {
		int reloads = this.reloads;
		int idleClients = this.idleClients;
		int idleMillis = this.idleMillis;
		int busyClients = this.busyClients;
		int drainTimeout = this.drainTimeoutMillis;
		int settle = this.settleMillis;
		Path resultsDir = this.resultsDir;
		List<String> reloadModes = this.reloadModes;
		switch (name) {
			case "--reloads" -> reloads = CommandLineFlags.positive(name, value);
			case "--idle-clients" -> idleClients = CommandLineFlags.atLeast(name, value, 0);
			case "--idle-millis" -> idleMillis = CommandLineFlags.atLeast(name, value, 0);
			case "--busy-clients" -> busyClients = CommandLineFlags.atLeast(name, value, 0);
			case "--drain-timeout-millis" -> drainTimeout = CommandLineFlags.positive(name, value);
			case "--settle-millis" -> settle = CommandLineFlags.atLeast(name, value, 0);
			case "--results-dir" -> resultsDir = CommandLineFlags.directory(name, value);
			case "--reload-modes" -> reloadModes = reloadModes(name, value);
			default -> throw new UsageException("Unknown option '" + name + "'");
		}
		return new DrainModeOptions(reloads, idleClients, idleMillis, busyClients, drainTimeout, settle, resultsDir,
				reloadModes);
	}

	private static List<String> reloadModes(String name, String value) throws UsageException {
		List<String> modes = List.of(value.split(",", -1));
		if (modes.isEmpty() || !RELOAD_MODES.containsAll(modes)) {
			throw new UsageException(name + " takes context, process or both, comma-separated; got '" + value + "'");
		}
		return modes;
	}

}
