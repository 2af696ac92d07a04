package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Table;
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

	private final ProcessStartOptions options;

	private final PrintStream out;

	private ProcessStartComparison(ProcessStartOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		ProcessStartOptions options;
		try {
			options = ProcessStartOptions.parse(args);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.println(ProcessStartOptions.USAGE);
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
		List<SupervisedVariant> supervised = new ArrayList<>();
		try {
			for (WorkerStartVariant variant : WorkerStartVariant.ALL) {
				// One after the other: the first archive user builds it, the others find it.
				supervised.add(SupervisedVariant.start(variant, this.options.jar(), work, cache, this.out));
			}
			for (SupervisedVariant each : supervised) {
				// The first reload of any JVM also pays for what it does once.
				TimedProcessReloads.reload(each.client);
			}
			for (int round = 1; round <= this.options.rounds(); round++) {
				cold.add(coldStart(work, round));
				StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d: cold start %.0f ms",
						round, Distribution.millis(cold.get(round - 1))));
				for (SupervisedVariant each : supervised) {
					each.idle.add(TimedProcessReloads.reload(each.client));
					each.newJar.add(TimedProcessReloads.reloadOfANewRelease(this.options.jar(), each, round));
					each.loaded.add(TimedProcessReloads.underLoad(each.process.port(), each.client));
					line.append(String.format(Locale.ROOT,
							"; %s: idle %.0f ms, new jar %.0f ms, under load %.0f ms at %.2f", each.variant.name(),
							Distribution.millis(each.idle.get(round - 1)), Distribution.millis(each.newJar.get(round - 1)),
							each.loaded.get(round - 1)[0], each.loaded.get(round - 1)[1]));
				}
				this.out.println(line);
			}
		}
		finally {
			for (SupervisedVariant each : supervised) {
				each.close();
			}
		}
		report(cold, supervised);
	}

	private Duration coldStart(Path work, int round) throws IOException, InterruptedException {
		try (SampleProcess sample = SampleProcess.start(SampleLaunchCommand.forJar(this.options.jar()), List.of(),
				work.resolve("cold-start-" + round + ".log"));
				SampleClient client = new SampleClient(sample.port())) {
			return sample.awaitFirstHello(client);
		}
	}

	private void report(List<Duration> cold, List<SupervisedVariant> supervised) throws IOException {
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

	private static String[] row(String measure, List<SupervisedVariant> supervised,
			java.util.function.Function<SupervisedVariant, String> cell, String cold) {
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

}
