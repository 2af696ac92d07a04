package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * Measures what a reload costs, each sample application in a JVM of its own: cold start
 * against reload time, errors under load while reloading, and memory and threads after
 * many reloads. Prints tables and writes CSV files to the results directory. Each sample
 * ({@link SampleServer}: Tomcat, Jetty) is measured in turn, by default all of them.
 *
 * <p>Run with {@code java -jar benchmarks/target/hotreload-benchmarks.jar [--help]}.
 */
public final class ReloadCostBenchmark {

	/** The summaries of every sample measured, side by side. */
	static final String SERVERS_CSV = "summary-servers.csv";

	private final BenchmarkOptions options;

	private final PrintStream out;

	ReloadCostBenchmark(BenchmarkOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Optional<BenchmarkOptions> options = CommandLineFlags.optionsOrExit(args, BenchmarkOptions.USAGE,
				BenchmarkOptions::parse);
		if (options.isPresent()) {
			new ReloadCostBenchmark(options.get(), System.out).run();
		}
	}

	/**
	 * Runs every measurement for each sample, one after the other, prints the tables (and,
	 * for more than one sample, their summaries side by side) and writes the CSV files.
	 * @return each sample's report, in {@link SampleServer} order
	 * @throws IOException if a sample JVM, {@code jcmd} or a results file fails
	 * @throws InterruptedException if interrupted
	 */
	Map<SampleServer, BenchmarkReport> run() throws IOException, InterruptedException {
		Map<SampleServer, BenchmarkReport> reports = SampleServer.runEach(this.options.servers(),
				this.options.resultsDir(), this.out, (server, results) -> run(server.launchCommand(), results));
		if (reports.size() > 1) {
			Table sideBySide = Table.sideBySide(reports.keySet().stream().map(SampleServer::label).toList(),
					reports.values().stream().map(BenchmarkReport::summary).toList());
			sideBySide.print("Summary per server", this.out);
			sideBySide.writeCsv(this.options.resultsDir().resolve(SERVERS_CSV));
			this.out.println("Side by side: " + this.options.resultsDir().resolve(SERVERS_CSV).toAbsolutePath());
		}
		return reports;
	}

	private BenchmarkReport run(SampleLaunchCommand command, Path results) throws IOException, InterruptedException {
		Path logs = Files.createDirectories(results.resolve("logs"));
		Environment environment = Environment.current(command);
		this.out.printf("hotreload reload cost benchmark, %s, Java %s, %d processors%n", environment.date(),
				environment.javaVersion(), environment.availableProcessors());
		this.out.println("Sample JVMs: " + environment.sampleLaunch() + "; their logs: " + logs.toAbsolutePath());

		this.out.println("1. Cold start, " + this.options.coldStarts() + " fresh JVMs");
		List<Duration> coldStarts = new ColdStartBenchmark(command, logs, this.out).run(this.options.coldStarts());

		List<ReloadTiming> reloads;
		Duration meanDrain;
		ReloadsUnderLoad underLoad;
		try (SampleProcess sample = SampleProcess.start(command, List.of(), logs.resolve("reloads.log"));
				SampleClient client = new SampleClient(sample.port())) {
			sample.awaitFirstHello(client);
			this.out.println("2. Reload time, " + this.options.reloads() + " sequential reloads after "
					+ SequentialReloadBenchmark.WARM_UP_RELOADS + " warm-up ones (JVM pid " + sample.pid() + ")");
			reloads = new SequentialReloadBenchmark(client, this.out).run(this.options.reloads());
			client.awaitDrained(Duration.ofSeconds(60));
			meanDrain = client.meanDrain();
			this.out.println("3. Errors under load, " + this.options.loadReloads() + " reloads, clients: "
					+ LoadShape.DEFAULT);
			underLoad = new LoadBenchmark(client, sample.port(), this.out).run(this.options.loadReloads(),
					LoadShape.DEFAULT);
		}

		this.out.println("4. Memory and threads at reload checkpoints " + this.options.leakCheckpoints() + " (JVM "
				+ String.join(" ", LeakBenchmark.JVM_OPTIONS) + ")");
		List<LeakCheckpoint> leaks = new LeakBenchmark(command, logs.resolve("leak.log"), this.out)
			.run(this.options.leakCheckpoints());

		BenchmarkReport report = new BenchmarkReport(environment, coldStarts, reloads, meanDrain, underLoad, leaks);
		report.print(this.out);
		report.writeCsv(results);
		this.out.println();
		this.out.println("CSV files written to " + results.toAbsolutePath());
		underLoad.load().errorExamples().forEach((error) -> this.out.println("Error under load: " + error));
		return report;
	}

}
