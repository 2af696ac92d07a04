package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * Draws what the shipped Grafana dashboard shows while the sample reloads under load: the
 * sample runs in a JVM of its own, a real Prometheus scrapes it every second, clients keep
 * it busy while the harness reloads it every few seconds (once with a broken config, so
 * that one reload fails), and then each panel's queries, read from the dashboard's JSON,
 * are run over the whole run and drawn as a grid of charts in one PNG, with the raw series
 * in a CSV file next to it.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.dashboard.DashboardSnapshot
 * org.springframework.boot.loader.launch.PropertiesLauncher [--help]}.
 */
public final class DashboardSnapshot {

	static final String PNG = "dashboard-during-reloads.png";

	static final String CSV = "dashboard-during-reloads.csv";

	static final String SAMPLE_LOG = "dashboard-sample.log";

	static final String PROMETHEUS_LOG = "dashboard-prometheus.log";

	/** A few clients of each kind; slow requests of a second keep the in-flight panel busy. */
	static final LoadShape LOAD = new LoadShape(2, 2, 2, 1000);

	private static final Duration FIRST_SCRAPE_TIMEOUT = Duration.ofSeconds(30);

	private final DashboardSnapshotOptions options;

	private final PrintStream out;

	private final SampleLaunchCommand command = SampleLaunchCommand.forThisJvm();

	DashboardSnapshot(DashboardSnapshotOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		// Charts are drawn off screen: no display is needed, nor wanted.
		System.setProperty("java.awt.headless", "true");
		if (List.of(args).contains("--help")) {
			System.out.print(DashboardSnapshotOptions.USAGE);
			return;
		}
		DashboardSnapshotOptions options;
		try {
			options = DashboardSnapshotOptions.parse(args);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(DashboardSnapshotOptions.USAGE);
			System.exit(2);
			return;
		}
		DashboardSnapshotResult result = new DashboardSnapshot(options, System.out).run();
		// The picture is only worth showing if every reload answered as planned.
		if (!result.reloads().stream().allMatch(ScheduledReload::asIntended)) {
			System.exit(1);
		}
	}

	/**
	 * Installs Prometheus if needed, runs the sample under load and reloads, and writes the
	 * PNG and the CSV file. Stops the sample and Prometheus before returning, also when it
	 * fails.
	 * @return what the run did and wrote
	 * @throws IOException if a process, a query or a results file fails
	 * @throws InterruptedException if interrupted
	 */
	DashboardSnapshotResult run() throws IOException, InterruptedException {
		// Checked first: from the wrong directory, fail before starting any process.
		for (Path file : List.of(this.options.dashboard(), this.options.rules(), this.options.installScript())) {
			if (!Files.isRegularFile(file)) {
				throw new IOException("No " + file.toAbsolutePath()
						+ "; run from the repository root or pass --observability-dir");
			}
		}
		if (PrometheusInstaller.installIfMissing(this.options.installScript())) {
			this.out.println("Installed Prometheus with " + this.options.installScript());
		}
		List<DashboardPanel> panels = DashboardPanel.read(this.options.dashboard());
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		Path work = Files.createTempDirectory("hotreload-dashboard-");
		try {
			return run(panels, results, logs, work);
		}
		finally {
			deleteRecursively(work);
		}
	}

	private DashboardSnapshotResult run(List<DashboardPanel> panels, Path results, Path logs, Path work)
			throws IOException, InterruptedException {
		this.out.printf("hotreload dashboard snapshot: %d panels of %s, %d s of load (%s clients), %d reloads"
				+ " + 1 failing%n", panels.size(), this.options.dashboard(), this.options.seconds(), LOAD,
				this.options.reloads());
		try (FailingReloadConfig config = FailingReloadConfig.in(work.resolve("config"));
				SampleProcess sample = SampleProcess.start(this.command, List.of(), List.of(config.sampleArgument()),
						logs.resolve(SAMPLE_LOG));
				SampleClient client = new SampleClient(sample.port())) {
			sample.awaitFirstHello(client);
			try (PrometheusProcess prometheus = PrometheusProcess.start(sample.port(), this.options.rules(),
					work.resolve("prometheus"), logs.resolve(PROMETHEUS_LOG))) {
				// The run starts once generation 1 is on record, so every chart starts with data.
				prometheus.awaitData("hotreload_generation", FIRST_SCRAPE_TIMEOUT);
				this.out.println("Sample JVM pid " + sample.pid() + " on port " + sample.port()
						+ ", scraped every second by Prometheus; logs in " + logs.toAbsolutePath());
				Instant start = Instant.now();
				long startNanos = System.nanoTime();
				List<ScheduledReload> reloads;
				LoadResult load;
				try (LoadGenerator generator = new LoadGenerator(sample.port(), LOAD)) {
					reloads = new ReloadSchedule(client, config, this.out).run(this.options.seconds(),
							this.options.reloads(), startNanos);
					load = generator.stop();
				}
				// The last second needs one more scrape and rule evaluation before it can be queried.
				Thread.sleep(2 * PrometheusProcess.SCRAPE_INTERVAL.toMillis());
				List<PanelData> data = new PanelDataQuery(prometheus).fetch(panels,
						start, start.plusSeconds(this.options.seconds()));
				DashboardSnapshotResult result = new DashboardSnapshotResult(reloads, load, data,
						results.resolve(PNG), results.resolve(CSV));
				csv(data).writeCsv(result.csv());
				new DashboardChartGrid(this.options.seconds(), reloads).write(data, caption(result), result.png());
				printSummary(result);
				return result;
			}
		}
	}

	private static Table csv(List<PanelData> panels) {
		Table table = new Table("panel", "series", "seconds", "value");
		for (PanelData panel : panels) {
			for (PanelSeries series : panel.series()) {
				for (int i = 0; i < series.seconds().size(); i++) {
					table.row(panel.title(), series.legend(), number(series.seconds().get(i)),
							number(series.values().get(i)));
				}
			}
		}
		return table;
	}

	private static String number(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private List<String> caption(DashboardSnapshotResult result) {
		ScheduledReload failing = result.failingReloads().get(0);
		return List.of("A real Prometheus scraped the sample every second; each chart",
				"  runs its dashboard panel's queries, with $__rate_interval = 15s.",
				"Load for " + this.options.seconds() + " s: " + LOAD + " clients,",
				"  " + result.load().requests() + " requests, " + result.load().errors() + " errors.",
				"Dashed lines: the " + result.reloads().size() + " reloads posted (POST /actuator/reload);",
				"  " + result.successfulReloads().size() + " answered 200 SUCCESS.",
				"\"failed\": config broken on purpose at " + Math.round(failing.seconds()) + " s,",
				"  HTTP " + failing.response().status() + " " + failing.response().outcome()
						+ "; the old generation kept serving.");
	}

	private void printSummary(DashboardSnapshotResult result) {
		this.out.println();
		this.out.println("Reloads: " + result.successfulReloads().size() + " of " + this.options.reloads()
				+ " succeeded (HTTP 200)");
		for (ScheduledReload failing : result.failingReloads()) {
			this.out.printf("Failing reload at %.1f s: HTTP %d %s, %s%n", failing.seconds(),
					failing.response().status(), failing.response().outcome(),
					failing.asIntended() ? "as intended; the old generation kept serving"
							: "NOT the expected HTTP 500 FAILURE: " + failing.response().body());
		}
		LoadResult load = result.load();
		this.out.printf("Load clients: %d requests, %d errors%n", load.requests(), load.errors());
		load.errorExamples().forEach((error) -> this.out.println("  error: " + error));
		for (PanelData panel : result.panels()) {
			if (panel.series().isEmpty()) {
				this.out.println("Panel without data: " + panel.title());
			}
		}
		this.out.println("PNG: " + result.png().toAbsolutePath());
		this.out.println("CSV: " + result.csv().toAbsolutePath());
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
