package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * What a start of each sample costs until it serves: the CPU time its JVM used (utime +
 * stime of {@code /proc/<pid>/stat}) and the wall time from the process start until
 * {@code GET /hello} first answers 200. Each sample's executable jar runs as shipped
 * ({@code java -jar}); the Tomcat sample also with {@code --hotreload.fleet.enabled=true},
 * which brings back the fleet's auto-configuration (Spring Cloud Bus, RabbitMQ) that its
 * {@code FleetOffAutoConfigurationFilter} otherwise leaves out. The starts are interleaved
 * (one of each configuration per round), so that a machine whose load changes during the
 * run weighs on every configuration alike; medians are printed. CPU time, unlike wall time,
 * hardly depends on what else the machine runs, which makes it the figure to compare. A
 * start that fails after the first round ends the run with the complete rounds reported:
 * on a machine others keep busy, a start at nice 19 has taken over 15 minutes.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.strategies.StartCostBenchmark
 * org.springframework.boot.loader.launch.PropertiesLauncher [--help]}.
 */
public final class StartCostBenchmark {

	static final String CSV = "start-cost.csv";

	static final String SUMMARY_CSV = "start-cost-summary.csv";

	static final String FLEET_ON = "--hotreload.fleet.enabled=true";

	private final StartCostOptions options;

	private final PrintStream out;

	StartCostBenchmark(StartCostOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Optional<StartCostOptions> options = CommandLineFlags.optionsOrExit(args, StartCostOptions.USAGE,
				StartCostOptions::parse);
		if (options.isPresent()) {
			new StartCostBenchmark(options.get(), System.out).run();
		}
	}

	/**
	 * A way to start a sample.
	 *
	 * @param name its name in the tables
	 * @param server the sample
	 * @param arguments application arguments beyond the harness's own
	 */
	record Configuration(String name, SampleServer server, List<String> arguments) {

	}

	/**
	 * One configuration's starts.
	 *
	 * @param configuration the configuration
	 * @param cpu CPU time until the first 200, per start
	 * @param wall wall time until the first 200, per start
	 */
	record Measured(Configuration configuration, List<Duration> cpu, List<Duration> wall) {

	}

	static List<Configuration> configurations(List<SampleServer> servers) {
		List<Configuration> configurations = new ArrayList<>();
		for (SampleServer server : servers) {
			configurations.add(new Configuration(server.label() + ", as shipped", server, List.of()));
			if (server == SampleServer.TOMCAT) {
				// Only the Tomcat sample carries the fleet starter.
				configurations.add(new Configuration(server.label() + ", " + FLEET_ON, server, List.of(FLEET_ON)));
			}
		}
		return configurations;
	}

	/**
	 * Starts every configuration the given number of times, interleaved, prints the medians
	 * and writes both CSV files.
	 * @return each configuration's starts, in order
	 * @throws IOException if a JVM or a results file fails
	 * @throws InterruptedException if interrupted
	 */
	List<Measured> run() throws IOException, InterruptedException {
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		List<Measured> measured = configurations(this.options.servers()).stream()
			.map((configuration) -> new Measured(configuration, new ArrayList<>(), new ArrayList<>()))
			.toList();
		this.out.printf("Start cost until GET /hello answers 200, Java %s, %d processors, %d starts per"
				+ " configuration, interleaved, JVM options: %s%n", System.getProperty("java.runtime.version"),
				Runtime.getRuntime().availableProcessors(), this.options.starts(),
				this.options.jvmOptions().isEmpty() ? "none (the JVM's defaults)"
						: String.join(" ", this.options.jvmOptions()));
		Table starts = new Table("configuration", "start", "cpu_seconds", "wall_seconds");
		int rounds = 0;
		while (rounds < this.options.starts()) {
			List<Duration[]> round;
			try {
				round = round(measured, rounds + 1, logs);
			}
			catch (IllegalStateException ex) {
				if (rounds == 0) {
					throw ex;
				}
				// Only whole rounds count, or one configuration would have more starts than another.
				this.out.println("  start " + (rounds + 1) + " failed, so the " + rounds + " complete rounds are"
						+ " reported: " + ex.getMessage().lines().findFirst().orElse(""));
				break;
			}
			rounds++;
			StringBuilder line = new StringBuilder("  start " + rounds + ":");
			for (int i = 0; i < measured.size(); i++) {
				Measured each = measured.get(i);
				Duration cpu = round.get(i)[0];
				Duration wall = round.get(i)[1];
				each.cpu().add(cpu);
				each.wall().add(wall);
				starts.row(each.configuration().name(), rounds, seconds(cpu), seconds(wall));
				line.append(String.format(Locale.ROOT, " %s %s s CPU, %s s wall;", each.configuration().name(),
						seconds(cpu), seconds(wall)));
			}
			this.out.println(line.substring(0, line.length() - 1));
		}
		Table summary = summary(measured);
		summary.print("Start cost, medians of " + rounds + " starts", this.out);
		starts.writeCsv(results.resolve(CSV));
		summary.writeCsv(results.resolve(SUMMARY_CSV));
		this.out.println("CSV: " + results.resolve(CSV).toAbsolutePath() + ", " + SUMMARY_CSV);
		return measured;
	}

	// One start of each configuration: CPU and wall time of each.
	private List<Duration[]> round(List<Measured> measured, int number, Path logs)
			throws IOException, InterruptedException {
		List<Duration[]> round = new ArrayList<>();
		for (Measured each : measured) {
			String name = each.configuration().name().replaceAll("[^a-z0-9]+", "-");
			round.add(start(each.configuration(), logs.resolve("start-cost-" + name + "-" + number + ".log")));
		}
		return round;
	}

	// One start: its CPU and wall time, both read when the first 200 arrived.
	private Duration[] start(Configuration configuration, Path log) throws IOException, InterruptedException {
		SampleLaunchCommand command = SampleLaunchCommand.forJar(configuration.server().jar());
		try (SampleProcess sample = SampleProcess.start(command, this.options.jvmOptions(),
				configuration.arguments(), log); SampleClient client = new SampleClient(sample.port())) {
			Duration wall = sample.awaitFirstHello(client);
			return new Duration[] { ProcessCpuTime.of(sample.pid()), wall };
		}
	}

	private static Table summary(List<Measured> measured) {
		Distribution first = Distribution.of(measured.get(0).cpu());
		Table table = new Table("configuration", "starts", "CPU s (median)", "CPU s (min - max)",
				"wall s (median)", "wall s (min - max)", "CPU / " + measured.get(0).configuration().name());
		for (Measured each : measured) {
			Distribution cpu = Distribution.of(each.cpu());
			Distribution wall = Distribution.of(each.wall());
			table.row(each.configuration().name(), cpu.count(), seconds(cpu.median()),
					seconds(cpu.min()) + " - " + seconds(cpu.max()), seconds(wall.median()),
					seconds(wall.min()) + " - " + seconds(wall.max()),
					String.format(Locale.ROOT, "%.2f", cpu.median() / first.median()));
		}
		return table;
	}

	private static String seconds(Duration duration) {
		return seconds(Distribution.millis(duration));
	}

	private static String seconds(double millis) {
		return String.format(Locale.ROOT, "%.2f", millis / 1000);
	}

}
