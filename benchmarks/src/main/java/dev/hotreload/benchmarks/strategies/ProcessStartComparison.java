package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * How fast a process reload's new worker serves, with and without the class data sharing
 * archive ({@code hotreload.process.class-data-sharing}), against a cold start of the same
 * jar, and what the serving worker's rate is while the new one starts, at each start
 * priority ({@code hotreload.process.start-nice}). Four supervisors run the sample's
 * executable jar side by side: with the archive (built before the rounds) at nice 10 (the
 * default), 5 and 0, and without it at nice 0; each round times, interleaved, a cold start
 * ({@code java -jar} until
 * {@code GET /hello} answers), a reload of each (the POST round trip, idle), a reload of a
 * new release of the jar (its content changed, moved over the supervisor's jar, idle: a
 * deploy, which the supervisor extracts first), then a reload of each under load (after
 * 20 s of load that warms the serving worker up), counting the requests answered per
 * second in the 5 s before the POST and between the POST and its answer.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.strategies.ProcessStartComparison
 * org.springframework.boot.loader.launch.PropertiesLauncher [--rounds=N]
 * [--sample-jar=PATH] [--results-dir=DIR]}.
 */
public final class ProcessStartComparison {

	static final String CSV = "process-start.csv";

	private static final String BUILT = "Built the class data archive ";

	private static final String WITH_ARCHIVE = "The worker starts with the class data archive ";

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

	private static final long BEFORE_MILLIS = 5000;

	private static final long WARM_UP_MILLIS = 20000;

	private final Options options;

	private final PrintStream out;

	private ProcessStartComparison(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = CommandLineFlags.parse(args, Options.DEFAULTS, List.of("--rounds", "--sample-jar",
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
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.println("Options: --rounds=N (default 3), --sample-jar=PATH (default " + Options.DEFAULTS.jar()
					+ "), --results-dir=DIR (default benchmarks/results)");
			System.exit(2);
			return;
		}
		new ProcessStartComparison(options, System.out).run();
	}

	private void run() throws Exception {
		Path work = Files.createDirectories(this.options.results().resolve("process-start"));
		Path cache = Files.createDirectories(work.resolve("cds-cache"));
		this.out.println("Process start: " + this.options.jar() + ", java " + System.getProperty("java.version") + ", "
				+ Runtime.getRuntime().availableProcessors() + " CPUs, " + this.options.rounds() + " rounds");
		List<Duration> cold = new ArrayList<>();
		List<Supervised> supervised = new ArrayList<>();
		try {
			for (Variant variant : VARIANTS) {
				// One after the other: the first archive user builds it, the others find it.
				supervised.add(Supervised.start(this, variant, work, cache));
			}
			for (Supervised each : supervised) {
				// The first reload of any JVM also pays for what it does once.
				reload(each.client);
			}
			for (int round = 1; round <= this.options.rounds(); round++) {
				cold.add(coldStart(work, round));
				StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d: cold start %.0f ms",
						round, Distribution.millis(cold.get(round - 1))));
				for (Supervised each : supervised) {
					each.idle.add(reload(each.client));
					each.newJar.add(reloadOfANewRelease(each, round));
					each.loaded.add(underLoad(each.process.port(), each.client));
					line.append(String.format(Locale.ROOT,
							"; %s: idle %.0f ms, new jar %.0f ms, under load %.0f ms at %.2f", each.variant.name(),
							Distribution.millis(each.idle.get(round - 1)), Distribution.millis(each.newJar.get(round - 1)),
							each.loaded.get(round - 1)[0], each.loaded.get(round - 1)[1]));
				}
				this.out.println(line);
			}
		}
		finally {
			for (Supervised each : supervised) {
				each.close();
			}
		}
		report(cold, supervised);
	}

	/** A way to start workers: with or without the archive, at what priority beside a serving one. */
	private record Variant(String name, String directory, boolean archive, int nice) {

		List<String> arguments(Path cache) {
			return List.of(ProcessReloadDeployment.PROCESS_MODE,
					this.archive ? "--hotreload.process.class-data-sharing.directory=" + cache
							: "--hotreload.process.class-data-sharing.enabled=false",
					"--hotreload.process.start-nice=" + this.nice);
		}

	}

	private static final List<Variant> VARIANTS = List.of(new Variant("archive, nice 10", "archive-nice-10", true, 10),
			new Variant("archive, nice 5", "archive-nice-5", true, 5),
			new Variant("archive, nice 0", "archive-nice-0", true, 0),
			new Variant("no archive, nice 0", "plain-nice-0", false, 0));

	/** One supervisor of a variant, and what was measured of it. */
	private static final class Supervised implements AutoCloseable {

		final Variant variant;

		final SampleProcess process;

		final SampleClient client;

		final Path jar;

		final List<Duration> idle = new ArrayList<>();

		final List<Duration> newJar = new ArrayList<>();

		final List<double[]> loaded = new ArrayList<>();

		private Supervised(Variant variant, Path jar, SampleProcess process, SampleClient client) {
			this.variant = variant;
			this.jar = jar;
			this.process = process;
			this.client = client;
		}

		static Supervised start(ProcessStartComparison comparison, Variant variant, Path work, Path cache)
				throws Exception {
			Path jar = Files.createDirectories(work.resolve(variant.directory())).resolve("app.jar");
			Files.copy(comparison.options.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
			Path log = work.resolve("supervisor-" + variant.directory() + ".log");
			SampleProcess process = SampleProcess.start(SampleLaunchCommand.forJar(jar), List.of(),
					variant.arguments(cache), log);
			SampleClient client = new SampleClient(process.port());
			Supervised supervised = new Supervised(variant, jar, process, client);
			try {
				process.awaitFirstHello(client);
				if (variant.archive()) {
					comparison.awaitArchive(log, process);
				}
				return supervised;
			}
			catch (Exception ex) {
				supervised.close();
				throw ex;
			}
		}

		@Override
		public void close() throws Exception {
			try (this.process; this.client) {
				// Both closed.
			}
		}

	}

	private void awaitArchive(Path log, SampleProcess supervisor) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
		while (true) {
			String said = Files.readString(log);
			int built = said.indexOf(BUILT);
			if (built < 0) {
				// Built by an earlier run into the same cache: the first worker already used it.
				built = said.indexOf(WITH_ARCHIVE);
			}
			if (built >= 0) {
				this.out.println("  " + said.substring(built, said.indexOf('\n', built)).strip());
				return;
			}
			if (said.contains("Building the class data archive failed") || !supervisor.isAlive()
					|| System.nanoTime() > deadline) {
				throw new IllegalStateException("No class data archive was built" + supervisor.logTail());
			}
			Thread.sleep(500);
		}
	}

	private Duration coldStart(Path work, int round) throws IOException, InterruptedException {
		try (SampleProcess sample = SampleProcess.start(SampleLaunchCommand.forJar(this.options.jar()), List.of(),
				work.resolve("cold-start-" + round + ".log"));
				SampleClient client = new SampleClient(sample.port())) {
			return sample.awaitFirstHello(client);
		}
	}

	// The POST round trip: it answers once the new worker serves.
	private static Duration reload(SampleClient client) throws IOException, InterruptedException {
		long started = System.nanoTime();
		ReloadResponse response = client.reload();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (!response.succeeded()) {
			throw new IllegalStateException("The reload failed: " + response.body());
		}
		client.awaitDrained(DRAIN_TIMEOUT);
		return took;
	}

	/**
	 * A deploy: a release of the jar with other content (one more entry) moved over the
	 * supervisor's jar, then the POST; only the POST round trip is timed.
	 */
	private Duration reloadOfANewRelease(Supervised supervised, int round) throws IOException, InterruptedException {
		Path release = supervised.jar.resolveSibling("release-" + round + ".jar");
		Files.copy(this.options.jar(), release, StandardCopyOption.REPLACE_EXISTING);
		// The JDK's zip file system copies the other entries as they are: the nested jars stay stored.
		try (FileSystem zip = FileSystems.newFileSystem(release)) {
			Files.writeString(zip.getPath("META-INF", "release.txt"), "release " + round + "\n");
		}
		Files.move(release, supervised.jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return reload(supervised.client);
	}

	/**
	 * A reload under load.
	 * @return the POST round trip in ms, and the rate between the POST and its answer over
	 * the rate in the 5 s before it
	 */
	private static double[] underLoad(int port, SampleClient client) throws Exception {
		AtomicLong answered = new AtomicLong();
		try (LoadGenerator load = new LoadGenerator(port, LoadShape.DEFAULT,
				(kind, start, end, outcome, generation) -> {
					if (outcome == LoadGenerator.Outcome.OK) {
						answered.incrementAndGet();
					}
				}, 100)) {
			// The serving worker started with the reload before: warm its JIT first, or the rate
			// before is a cold JVM's and the rate during the start looks better than it is.
			Thread.sleep(WARM_UP_MILLIS);
			long before = answered.get();
			Thread.sleep(BEFORE_MILLIS);
			double rateBefore = (answered.get() - before) * 1000.0 / BEFORE_MILLIS;
			long atPost = answered.get();
			long started = System.nanoTime();
			ReloadResponse response = client.reload();
			long nanos = System.nanoTime() - started;
			double rateDuring = (answered.get() - atPost) / (nanos / 1e9);
			load.stop();
			if (!response.succeeded()) {
				throw new IllegalStateException("The reload under load failed: " + response.body());
			}
			client.awaitDrained(DRAIN_TIMEOUT);
			return new double[] { nanos / 1e6, rateDuring / rateBefore };
		}
	}

	private void report(List<Duration> cold, List<Supervised> supervised) throws IOException {
		double coldMedian = Distribution.of(cold).median();
		List<String> header = new ArrayList<>(List.of("measure"));
		supervised.forEach((each) -> header.add(each.variant.name()));
		header.add("cold start (java -jar)");
		Table table = new Table(header.toArray(String[]::new));
		table.row(row("idle reload, POST round trip, median ms", supervised,
				(each) -> format(Distribution.of(each.idle).median()), format(coldMedian)));
		table.row(row("idle reload / cold start", supervised,
				(each) -> ratio(Distribution.of(each.idle).median() / coldMedian), "1"));
		table.row(row("new jar (a deploy), idle reload, POST round trip, median ms", supervised,
				(each) -> format(Distribution.of(each.newJar).median()), ""));
		table.row(row("new jar reload / cold start", supervised,
				(each) -> ratio(Distribution.of(each.newJar).median() / coldMedian), ""));
		table.row(row("reload under load, POST round trip, median ms", supervised,
				(each) -> format(median(each.loaded, 0)), ""));
		table.row(row("rate while the new worker starts / rate before, median", supervised,
				(each) -> ratio(median(each.loaded, 1)), ""));
		table.print("Process reload: the new worker's start, with and without the class data archive, at each"
				+ " start priority (hotreload.process.start-nice)", this.out);
		table.writeCsv(this.options.results().resolve(CSV));
	}

	private static String[] row(String measure, List<Supervised> supervised,
			java.util.function.Function<Supervised, String> cell, String cold) {
		List<String> cells = new ArrayList<>(List.of(measure));
		supervised.forEach((each) -> cells.add(cell.apply(each)));
		cells.add(cold);
		return cells.toArray(String[]::new);
	}

	private static double median(List<double[]> values, int index) {
		List<Double> sorted = values.stream().map((value) -> value[index]).sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static String format(double millis) {
		return String.format(Locale.ROOT, "%.0f", millis);
	}

	private static String ratio(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	private record Options(int rounds, Path jar, Path results) {

		static final Options DEFAULTS = new Options(3, Path.of("sample-app/target/sample-app-0.1.0-SNAPSHOT-exec.jar"),
				Path.of("benchmarks/results"));

		Options withRounds(int rounds) {
			return new Options(rounds, this.jar, this.results);
		}

		Options withJar(Path jar) {
			return new Options(this.rounds, jar, this.results);
		}

		Options withResults(Path results) {
			return new Options(this.rounds, this.jar, results);
		}

	}

}
