package dev.hotreload.benchmarks.devloop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;

/**
 * The development loop, side by side for hotreload's development mode and Spring Boot
 * DevTools' restart, in one run on one machine: the time from a class file written to the
 * new code served, and the requests of a load that failed meanwhile.
 *
 * <p>Each {@link DevLoopSetup} gets a sample JVM of its own, started as an IDE starts an
 * application: {@code java -cp <class directory>:<dependency jars>}, from a fresh copy of
 * the sample's class directory. Under the strategy comparison's load (keep-alive,
 * new-connection and slow clients, no retries, {@value DevLoopSession#PAUSE_AFTER_ERROR_MILLIS}
 * ms pause after an error), each change writes a newly compiled {@code SampleBuild} class
 * file into the copy and probes {@code GET /hello} on new connections until its
 * {@code X-Sample-Build} header names the new build.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.devloop.DevLoopComparison
 * org.springframework.boot.loader.launch.PropertiesLauncher [--help]}.
 */
public final class DevLoopComparison {

	static final String CSV = "devloop.csv";

	static final String CHANGES_CSV = "devloop-changes.csv";

	static final String TIMELINE_CSV = "devloop-timeline.csv";

	static final String PNG = "devloop-timeline.png";

	static final long BUCKET_MILLIS = 100;

	private final DevLoopOptions options;

	private final PrintStream out;

	DevLoopComparison(DevLoopOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		// Charts are drawn off screen: no display is needed, nor wanted.
		System.setProperty("java.awt.headless", "true");
		if (List.of(args).contains("--help")) {
			System.out.print(DevLoopOptions.USAGE);
			return;
		}
		DevLoopOptions options;
		try {
			options = DevLoopOptions.parse(args);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(DevLoopOptions.USAGE);
			System.exit(2);
			return;
		}
		new DevLoopComparison(options, System.out).run();
	}

	/**
	 * Runs every setup, prints the table and writes the CSV files and the PNG. Stops every
	 * JVM it started and deletes the copied classes, also when it fails.
	 * @return what was measured
	 * @throws IOException if a JVM or a results file fails
	 * @throws InterruptedException if interrupted
	 */
	Result run() throws IOException, InterruptedException {
		SampleClassPath classPath = SampleClassPath.fromBuild();
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		Environment environment = Environment.current(SampleLaunchCommand.forClassPath(List.of(), ""));
		this.out.printf("hotreload dev-loop comparison, %s, Java %s, %d processors, %s%n", environment.date(),
				environment.javaVersion(), environment.availableProcessors(), environment.os());
		this.out.printf("Sample: java -cp <copy of %s>:<%d dependency jars>; load: %s clients (HTTP/1.1, no retries,"
				+ " %d ms pause after an error); %d changes per setup, %d ms warm-up, %d ms between changes; logs in"
				+ " %s%n", classPath.classes(), classPath.jars().size(), DevLoopSession.LOAD,
				DevLoopSession.PAUSE_AFTER_ERROR_MILLIS, this.options.changes(), this.options.warmUpMillis(),
				this.options.pauseMillis(), logs.toAbsolutePath());
		classPath.directories()
			.forEach((directory) -> this.out.println("Note: the sample's dependency class path lists the directory "
					+ directory + ", not a jar; both setups watch it as the application's own. Build with package"
					+ " to measure with jars."));
		List<DevLoopRun> runs = new ArrayList<>();
		Path scratch = Files.createTempDirectory("bench-devloop-");
		try {
			for (DevLoopSetup setup : this.options.setups()) {
				this.out.printf("%s: %s%n", setup.label(), setup.description());
				DevLoopRun run = new DevLoopSession(setup, this.options, this.out).run(classPath,
						Files.createDirectories(scratch.resolve(setup.label())),
						logs.resolve("devloop-" + setup.label() + ".log"));
				this.out.printf("  %d requests, %d failed%n", run.requests(), run.errors());
				runs.add(run);
			}
		}
		finally {
			delete(scratch);
		}
		Result result = new Result(runs, results.resolve(CSV), results.resolve(CHANGES_CSV),
				results.resolve(TIMELINE_CSV), results.resolve(PNG));
		Table summary = DevLoopTables.summary(runs);
		summary.print("From a class file written to the new code served, under " + DevLoopSession.LOAD
				+ " clients", this.out);
		summary.writeCsv(result.csv());
		DevLoopTables.changes(runs).writeCsv(result.changesCsv());
		DevLoopTables.timeline(runs, BUCKET_MILLIS).writeCsv(result.timelineCsv());
		DevLoopChart.write(runs, BUCKET_MILLIS, result.png());
		this.out.println();
		for (DevLoopRun run : runs) {
			run.errorExamples().forEach((error) -> this.out.println(run.setup().label() + " failure: " + error));
			if (run.stoppedForcibly()) {
				this.out.println(run.setup().label() + ": the sample JVM did not exit within 30 s of SIGTERM and was"
						+ " killed");
			}
			run.leftBehind().forEach((process) -> this.out.println(run.setup().label() + ": left alive after the"
					+ " sample JVM exited, then killed: " + process));
		}
		this.out.println("CSV: " + result.csv().toAbsolutePath() + ", " + CHANGES_CSV + ", " + TIMELINE_CSV);
		this.out.println("PNG: " + result.png().toAbsolutePath());
		return result;
	}

	private static void delete(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
				Files.delete(file);
			}
		}
	}

	/**
	 * What a run measured and wrote.
	 *
	 * @param runs each setup's run, in {@link DevLoopSetup} order
	 * @param csv the summary CSV file
	 * @param changesCsv one row per change
	 * @param timelineCsv requests per bucket
	 * @param png the timeline chart
	 */
	record Result(List<DevLoopRun> runs, Path csv, Path changesCsv, Path timelineCsv, Path png) {

		DevLoopRun run(DevLoopSetup setup) {
			return this.runs.stream().filter((run) -> run.setup() == setup).findFirst().orElseThrow();
		}

	}

}
