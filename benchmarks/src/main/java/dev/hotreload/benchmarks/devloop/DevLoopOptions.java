package dev.hotreload.benchmarks.devloop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The dev-loop comparison's command line. Every flag has a default, so a bare run from the
 * repository root measures what the README shows.
 *
 * @param changes code changes (class files written) per setup
 * @param warmUpMillis load on a freshly started sample before the first change
 * @param pauseMillis load between the new code serving and the next change
 * @param setups the setups to run, in {@link DevLoopSetup} order
 * @param resultsDir where the CSV files, the PNG and the logs are written
 */
record DevLoopOptions(int changes, long warmUpMillis, long pauseMillis, List<DevLoopSetup> setups,
		Path resultsDir) {

	static final String USAGE = """
			Usage: java -cp benchmarks/target/hotreload-benchmarks.jar \\
			         -Dloader.main=dev.hotreload.benchmarks.devloop.DevLoopComparison \\
			         org.springframework.boot.loader.launch.PropertiesLauncher [options]
			  --changes=N          class files written (code changes) per setup (default 5)
			  --warm-up-millis=N   load on a fresh sample before the first change (default 5000)
			  --pause-millis=N     load between the new code serving and the next change (default 3000)
			  --setups=A,B         only these setups (default both: hotreload-dev, devtools-restart)
			  --results-dir=DIR    where the CSV files, PNG and logs go (default benchmarks/results)
			  --help               print this and exit
			""";

	private static final List<String> FLAGS = List.of("--changes", "--warm-up-millis", "--pause-millis",
			"--setups", "--results-dir");

	DevLoopOptions {
		setups = List.copyOf(setups);
	}

	static DevLoopOptions defaults() {
		return new DevLoopOptions(5, 5000, 3000, List.of(DevLoopSetup.values()), Path.of("benchmarks", "results"));
	}

	/**
	 * Reads {@code --flag=value} or {@code --flag value} arguments over the defaults.
	 * @param args the command line
	 * @return the options
	 * @throws UsageException if a flag is unknown or a value is not valid
	 */
	static DevLoopOptions parse(String... args) throws UsageException {
		return CommandLineFlags.parse(args, defaults(), FLAGS, DevLoopOptions::with);
	}

	private DevLoopOptions with(String name, String value) throws UsageException {
		int changes = this.changes;
		long warmUp = this.warmUpMillis;
		long pause = this.pauseMillis;
		List<DevLoopSetup> setups = this.setups;
		Path resultsDir = this.resultsDir;
		switch (name) {
			case "--changes" -> changes = CommandLineFlags.positive(name, value);
			case "--warm-up-millis" -> warmUp = CommandLineFlags.atLeast(name, value, 0);
			case "--pause-millis" -> pause = CommandLineFlags.atLeast(name, value, 0);
			case "--setups" -> setups = setups(name, value);
			case "--results-dir" -> resultsDir = CommandLineFlags.directory(name, value);
			default -> throw new UsageException("Unknown option '" + name + "'");
		}
		return new DevLoopOptions(changes, warmUp, pause, setups, resultsDir);
	}

	private static List<DevLoopSetup> setups(String name, String value) throws UsageException {
		List<String> labels = new ArrayList<>();
		for (String label : value.split(",")) {
			if (!label.isBlank()) {
				if (DevLoopSetup.ofLabel(label.strip()) == null) {
					throw new UsageException(name + ": unknown setup '" + label.strip() + "'");
				}
				labels.add(label.strip());
			}
		}
		List<DevLoopSetup> setups = new ArrayList<>();
		for (DevLoopSetup setup : DevLoopSetup.values()) {
			if (labels.contains(setup.label())) {
				setups.add(setup);
			}
		}
		if (setups.isEmpty()) {
			throw new UsageException(name + " must name at least one setup");
		}
		return setups;
	}

}
