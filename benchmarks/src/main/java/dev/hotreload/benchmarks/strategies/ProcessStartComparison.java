package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * jar, and what the serving worker's rate is while the new one starts. Two supervisors run
 * the sample's executable jar side by side, one with the archive (built before the rounds),
 * one without; each round times, interleaved, a cold start ({@code java -jar} until
 * {@code GET /hello} answers), a reload of each (the POST round trip, idle), then a reload
 * of each under load (after 20 s of load that warms the serving worker up), counting the
 * requests answered per second in the 5 s before the POST and between the POST and its answer.
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
		Path cache = work.resolve("cds-cache");
		Files.createDirectories(cache);
		Path withJar = Files.createDirectories(work.resolve("with-archive")).resolve("app.jar");
		Path withoutJar = Files.createDirectories(work.resolve("without-archive")).resolve("app.jar");
		Files.copy(this.options.jar(), withJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.copy(this.options.jar(), withoutJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		this.out.println("Process start: " + this.options.jar() + ", java " + System.getProperty("java.version") + ", "
				+ Runtime.getRuntime().availableProcessors() + " CPUs, " + this.options.rounds() + " rounds");
		Path withLog = work.resolve("supervisor-with-archive.log");
		List<Duration> cold = new ArrayList<>();
		List<Duration> withIdle = new ArrayList<>();
		List<Duration> withoutIdle = new ArrayList<>();
		List<double[]> withLoaded = new ArrayList<>();
		List<double[]> withoutLoaded = new ArrayList<>();
		try (SampleProcess with = supervisor(withJar, withLog, "--hotreload.process.class-data-sharing.directory=" + cache);
				SampleProcess without = supervisor(withoutJar, work.resolve("supervisor-without-archive.log"),
						"--hotreload.process.class-data-sharing.enabled=false");
				SampleClient withClient = new SampleClient(with.port());
				SampleClient withoutClient = new SampleClient(without.port())) {
			with.awaitFirstHello(withClient);
			without.awaitFirstHello(withoutClient);
			awaitArchive(withLog, with);
			// The archive's first user also pays for what the first reload of any JVM does.
			reload(withClient);
			reload(withoutClient);
			for (int round = 1; round <= this.options.rounds(); round++) {
				cold.add(coldStart(work, round));
				withIdle.add(reload(withClient));
				withoutIdle.add(reload(withoutClient));
				withLoaded.add(underLoad(with.port(), withClient));
				withoutLoaded.add(underLoad(without.port(), withoutClient));
				this.out.printf(Locale.ROOT,
						"  round %d: cold start %.0f ms; idle reload with archive %.0f ms, without %.0f ms;"
								+ " under load with archive %.0f ms at %.2f of the rate before, without %.0f ms at %.2f%n",
						round, Distribution.millis(cold.get(round - 1)), Distribution.millis(withIdle.get(round - 1)),
						Distribution.millis(withoutIdle.get(round - 1)), withLoaded.get(round - 1)[0],
						withLoaded.get(round - 1)[1], withoutLoaded.get(round - 1)[0], withoutLoaded.get(round - 1)[1]);
			}
		}
		report(cold, withIdle, withoutIdle, withLoaded, withoutLoaded);
	}

	private SampleProcess supervisor(Path jar, Path log, String argument) throws IOException {
		return SampleProcess.start(SampleLaunchCommand.forJar(jar), List.of(),
				List.of(ProcessReloadDeployment.PROCESS_MODE, argument), log);
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

	private void report(List<Duration> cold, List<Duration> withIdle, List<Duration> withoutIdle,
			List<double[]> withLoaded, List<double[]> withoutLoaded) throws IOException {
		double coldMedian = Distribution.of(cold).median();
		double withMedian = Distribution.of(withIdle).median();
		double withoutMedian = Distribution.of(withoutIdle).median();
		Table table = new Table("measure", "with archive", "without archive", "cold start (java -jar)");
		table.row("idle reload, POST round trip, median ms", format(withMedian), format(withoutMedian),
				format(coldMedian));
		table.row("idle reload / cold start", ratio(withMedian / coldMedian), ratio(withoutMedian / coldMedian), "1");
		table.row("reload under load, median ms", format(median(withLoaded, 0)), format(median(withoutLoaded, 0)), "");
		table.row("rate while the new worker starts / rate before, median", ratio(median(withLoaded, 1)),
				ratio(median(withoutLoaded, 1)), "");
		table.print("Process reload: the new worker's start, with and without the class data archive", this.out);
		table.writeCsv(this.options.results().resolve(CSV));
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
