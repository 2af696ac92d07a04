package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * Client-visible errors per reload, side by side, for hotreload and the usual ways to
 * reload a Spring Boot web application, under the same HTTP/1.1 load (keep-alive,
 * new-connection-per-request and slow clients) in one run on one machine:
 * {@link Strategy#HOTRELOAD}, {@link Strategy#HOTRELOAD_PROCESS},
 * {@link Strategy#JVM_RESTART}, {@link Strategy#CONTEXT_RESTART} and
 * {@link Strategy#GRACEFUL_RESTART}; the fast clients' latency after each switch against
 * the same run's steady latency; the JVMs' resident memory. Optionally also steady
 * throughput and latency with the starter on and off. All of it on each sample
 * ({@link SampleServer}: Tomcat, Jetty) in turn, by default every one, leaving out there
 * what a server does not run ({@link Strategy#runsOn}).
 *
 * <p>Every strategy gets a fresh sample on a port of its own. Load warms it up, then runs
 * for the baseline (the run's steady latency), then each reload is triggered and the
 * harness waits until a request on a fresh connection is answered 200 again (for a
 * restart: by the new instance; in process mode also until the old worker has exited),
 * then load runs on until the next reload, and at least until the after-switch window has
 * passed. A client that sees an error waits {@value #PAUSE_AFTER_ERROR_MILLIS} ms before
 * its next request, so errors count what clients that retry ten times a second would see
 * rather than how fast a refused connect can loop.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.strategies.StrategyComparison
 * org.springframework.boot.loader.launch.PropertiesLauncher [--help]}.
 */
public final class StrategyComparison {

	static final String CSV = "strategies.csv";

	static final String RELOADS_CSV = "strategies-reloads.csv";

	static final String TIMELINE_CSV = "strategies-timeline.csv";

	static final String GENERATIONS_CSV = "strategies-generations.csv";

	static final String STEADY_CSV = "strategies-steady.csv";

	static final String AFTER_SWITCH_CSV = "strategies-after-switch.csv";

	static final String MEMORY_CSV = "strategies-memory.csv";

	static final String PNG = "strategies-timeline.png";

	/** Every sample's errors and times per strategy, side by side. */
	static final String SERVERS_CSV = "strategies-servers.csv";

	static final long BUCKET_MILLIS = 100;

	static final long PAUSE_AFTER_ERROR_MILLIS = 100;

	static final LoadShape LOAD = LoadShape.DEFAULT;

	// For hotreload, latency "during a reload" covers the POST until 1 s after it answered.
	static final double RELOAD_WINDOW_AFTER_SECONDS = 1.0;

	// The first moments after a switch, where a cold JVM or context shows most.
	static final double FIRST_SECONDS_AFTER_SWITCH = 1.0;

	private final StrategyComparisonOptions options;

	private final PrintStream out;

	StrategyComparison(StrategyComparisonOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		// Charts are drawn off screen: no display is needed, nor wanted.
		System.setProperty("java.awt.headless", "true");
		Optional<StrategyComparisonOptions> options = CommandLineFlags.optionsOrExit(args,
				StrategyComparisonOptions.USAGE, StrategyComparisonOptions::parse);
		if (options.isPresent()) {
			new StrategyComparison(options.get(), System.out).run();
		}
	}

	/**
	 * Runs the comparison on each sample in turn and, for more than one, prints and writes
	 * their errors and times per strategy side by side.
	 * @return what was measured, per sample, in {@link SampleServer} order
	 * @throws IOException if a JVM or a results file fails
	 * @throws InterruptedException if interrupted
	 */
	Map<SampleServer, Result> run() throws IOException, InterruptedException {
		Map<SampleServer, Result> results = SampleServer.runEach(this.options.servers(), this.options.resultsDir(),
				this.out, this::run);
		if (results.size() > 1) {
			Map<SampleServer, List<StrategyRun>> runs = new EnumMap<>(SampleServer.class);
			results.forEach((server, result) -> runs.put(server, result.runs()));
			Table table = StrategyTables.servers(this.options.strategies(), runs);
			table.print("Per server, " + LOAD + " clients (- where a strategy does not run on that server)", this.out);
			table.writeCsv(this.options.resultsDir().resolve(SERVERS_CSV));
			this.out.println("Side by side: " + this.options.resultsDir().resolve(SERVERS_CSV).toAbsolutePath());
		}
		return results;
	}

	/**
	 * Runs every strategy that runs on a sample (and the steady measurement, unless
	 * skipped), prints the tables and writes the CSV files and the PNG. Stops every JVM it
	 * started, also when it fails.
	 */
	private Result run(SampleServer server, Path results) throws IOException, InterruptedException {
		Path logs = Files.createDirectories(results.resolve("logs"));
		Environment environment = Environment.current(server.launchCommand());
		this.out.printf("hotreload strategy comparison, %s, Java %s, %d processors, %s%n", environment.date(),
				environment.javaVersion(), environment.availableProcessors(), environment.os());
		this.out.printf("Load: %s clients (HTTP/1.1, no retries, %d ms pause after an error); %d reloads per"
				+ " strategy; logs in %s%n", LOAD, PAUSE_AFTER_ERROR_MILLIS, this.options.reloads(),
				logs.toAbsolutePath());
		this.out.printf("Each run: %d ms warm-up, %d s baseline (steady latency), then the reloads, each followed"
				+ " by at least %d ms of load and at least %d s after its switch%n", this.options.warmUpMillis(),
				this.options.baselineSeconds(), this.options.pauseMillis(), this.options.afterSwitchSeconds());
		List<StrategyRun> runs = new ArrayList<>();
		ReloadsUnderLoad reloadsUnderLoad = new ReloadsUnderLoad(this.options, this.out);
		for (Strategy strategy : this.options.strategies()) {
			if (strategy.runsOn(server)) {
				runs.add(reloadsUnderLoad.run(strategy, server, logs));
			}
			else {
				this.out.printf("%s: does not run on the %s sample%n", strategy.label(), server.displayName());
			}
		}
		List<SteadyLoad> steady = new ArrayList<>();
		if (this.options.steadySeconds() > 0) {
			this.out.printf("Steady load, %d s after %d s of warm-up, starter on and off%n",
					this.options.steadySeconds(), SteadyLoad.WARM_UP_MILLIS / 1000);
			steady.add(SteadyLoad.measure(true, server, logs, this.options.steadySeconds(), this.out));
			steady.add(SteadyLoad.measure(false, server, logs, this.options.steadySeconds(), this.out));
		}
		Result result = new Result(runs, steady, results.resolve(CSV), results.resolve(TIMELINE_CSV),
				results.resolve(PNG));
		Table table = StrategyTables.summary(runs);
		table.print("Errors per reload, " + LOAD + " clients", this.out);
		table.writeCsv(result.csv());
		StrategyTables.reloads(runs).writeCsv(results.resolve(RELOADS_CSV));
		StrategyTables.timeline(runs).writeCsv(result.timelineCsv());
		StrategyTables.generations(runs).writeCsv(results.resolve(GENERATIONS_CSV));
		StrategyTimelineChart.write(runs, BUCKET_MILLIS, result.png());
		Table afterSwitch = StrategyTables.afterSwitch(runs, this.options.afterSwitchSeconds());
		afterSwitch.print("Latency after the switch, fast clients (keep-alive and new-connection) answered 200:"
				+ " the run's baseline (" + this.options.baselineSeconds() + " s before the first reload, after "
				+ this.options.warmUpMillis() + " ms of warm-up) against the " + this.options.afterSwitchSeconds()
				+ " s after each switch, all reloads together", this.out);
		afterSwitch.writeCsv(results.resolve(AFTER_SWITCH_CSV));
		Table memory = StrategyTables.memory(runs, this.options.reloads());
		memory.print("Resident memory (VmRSS of /proc/<pid>/status), MiB (pid)", this.out);
		memory.writeCsv(results.resolve(MEMORY_CSV));
		if (!steady.isEmpty()) {
			Table steadyTable = StrategyTables.steadyTable(steady, result.runIfAny(Strategy.HOTRELOAD));
			steadyTable.print("Steady load, fast clients' latency (keep-alive and new-connection)", this.out);
			steadyTable.writeCsv(results.resolve(STEADY_CSV));
		}
		this.out.println();
		for (StrategyRun run : runs) {
			run.errorExamples().forEach((error) -> this.out.println(run.strategy().label() + " error: " + error));
			ReloadsUnderLoad.leftBehind(run).forEach(this.out::println);
		}
		this.out.println("CSV: " + result.csv().toAbsolutePath() + ", " + result.timelineCsv().getFileName() + ", "
				+ GENERATIONS_CSV + ", " + RELOADS_CSV + ", " + AFTER_SWITCH_CSV + ", " + MEMORY_CSV
				+ (steady.isEmpty() ? "" : ", " + STEADY_CSV));
		this.out.println("PNG: " + result.png().toAbsolutePath());
		return result;
	}

	/**
	 * What a run measured and wrote.
	 *
	 * @param runs each strategy's run, in {@link Strategy} order
	 * @param steady steady load with the starter on, then off; empty if skipped
	 * @param csv the summary CSV file
	 * @param timelineCsv the per-bucket CSV file
	 * @param png the timeline chart
	 */
	record Result(List<StrategyRun> runs, List<SteadyLoad> steady, Path csv, Path timelineCsv, Path png) {

		StrategyRun run(Strategy strategy) {
			return this.runs.stream().filter((run) -> run.strategy() == strategy).findFirst().orElseThrow();
		}

		StrategyRun runIfAny(Strategy strategy) {
			return this.runs.stream().filter((run) -> run.strategy() == strategy).findFirst().orElse(null);
		}

	}

}
