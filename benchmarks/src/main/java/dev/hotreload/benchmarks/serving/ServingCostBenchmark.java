package dev.hotreload.benchmarks.serving;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;
import dev.hotreload.sampletest.LoadTools;

/**
 * What hotreload costs a sample between reloads: the requests per second Debian's load
 * tools get from each sample's executable jar with the starter on (as shipped) and with
 * {@code --hotreload.enabled=false}, over h2c ({@code h2load}, many streams per connection,
 * each followed by the generation's stream tracking on Reactor Netty) and over HTTP/1.1
 * keep-alive ({@code wrk}); Reactor Netty also with hotreload off on Netty's NIO transport
 * ({@link #configurations}). A server's JVMs run side by side, the idle ones waiting;
 * after a warm-up run on each, the runs take turns, each round starting with another, so
 * that a machine whose load drifts weighs on all alike; medians are printed, and each
 * configuration's ratio to hotreload off. A run with an error or a non-2xx answer ends the
 * benchmark: only runs that served everything are compared.
 *
 * <p>Run from the repository root with {@code java -cp benchmarks/target/hotreload-benchmarks.jar
 * -Dloader.main=dev.hotreload.benchmarks.serving.ServingCostBenchmark
 * org.springframework.boot.loader.launch.PropertiesLauncher [--help]}.
 */
public final class ServingCostBenchmark {

	static final String CSV = "serving-cost.csv";

	static final String SUMMARY_CSV = "serving-cost-summary.csv";

	static final String HOTRELOAD_OFF = "--hotreload.enabled=false";

	/** Reactor Netty on Netty's NIO transport, even where a native one is on the class path. */
	static final String NIO_ONLY = "-Dreactor.netty.native=false";

	private static final Pattern H2LOAD_RATE = Pattern.compile("finished in [\\d.]+m?s, ([\\d.]+) req/s");

	private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private final ServingCostOptions options;

	private final PrintStream out;

	private int runs;

	ServingCostBenchmark(ServingCostOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Optional<ServingCostOptions> options = CommandLineFlags.optionsOrExit(args, ServingCostOptions.USAGE,
				ServingCostOptions::parse);
		if (options.isPresent()) {
			new ServingCostBenchmark(options.get(), System.out).run();
		}
	}

	/** The two load tools, each a protocol. */
	enum Protocol {

		H2C("h2c (h2load)"), HTTP11("HTTP/1.1 keep-alive (wrk)");

		private final String label;

		Protocol(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/**
	 * A way to run a sample.
	 *
	 * @param name its name in the tables
	 * @param jvmOptions options for its JVM
	 * @param arguments application arguments
	 */
	record Configuration(String name, List<String> jvmOptions, List<String> arguments) {

	}

	/**
	 * One server's rates over one protocol, per configuration, the first (hotreload on) and
	 * the second (off) always there.
	 *
	 * @param server the sample
	 * @param protocol the protocol
	 * @param configurations how the sample ran
	 * @param rates requests per second of each configuration, per run
	 */
	record Measured(SampleServer server, Protocol protocol, List<Configuration> configurations,
			List<List<Double>> rates) {

		List<Double> off() {
			return this.rates.get(1);
		}

		/** A configuration's median against hotreload off's. */
		double ratio(int configuration) {
			return median(this.rates.get(configuration)) / median(off());
		}

	}

	/**
	 * How each server runs: hotreload on, off, and for Reactor Netty also off on Netty's
	 * NIO transport. hotreload serves Reactor Netty over NIO (the shared listener's
	 * connections are JDK channels), where Reactor Netty alone prefers Linux's native epoll
	 * transport when it is on the class path, as Spring Boot's starter puts it: the third
	 * configuration tells the transport's share of the difference from hotreload's own.
	 */
	static List<Configuration> configurations(SampleServer server) {
		List<String> h2c = List.of("--server.http2.enabled=true");
		List<String> h2cOff = List.of("--server.http2.enabled=true", HOTRELOAD_OFF);
		List<Configuration> configurations = new ArrayList<>(List.of(new Configuration("on", List.of(), h2c),
				new Configuration("off", List.of(), h2cOff)));
		if (server == SampleServer.NETTY) {
			configurations.add(new Configuration("off, NIO", List.of(NIO_ONLY), h2cOff));
		}
		return configurations;
	}

	/**
	 * Measures every server over both protocols, prints the medians and writes both CSV files.
	 * @return each server's and protocol's runs, in order
	 * @throws Exception if a JVM, a tool or a results file fails
	 */
	List<Measured> run() throws Exception {
		LoadTools.install(SampleServer.repositoryFile("benchmarks/install-load-tools.sh"));
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		this.out.printf("Serving cost, hotreload on against off, Java %s, %d processors, %d runs each (h2load -n %d"
				+ " -c 4 -m 10; wrk -t1 -c4 -d%ds), JVM defaults%n", System.getProperty("java.runtime.version"),
				Runtime.getRuntime().availableProcessors(), this.options.rounds(), this.options.requests(),
				this.options.wrkSeconds());
		Table runs = new Table("server", "protocol", "configuration", "run", "requests_per_second");
		List<Measured> measured = new ArrayList<>();
		for (SampleServer server : this.options.servers()) {
			measured.addAll(measure(server, logs, runs));
		}
		Table summary = new Table("server", "protocol", "configuration", "req/s (median)", "/ hotreload off");
		for (Measured each : measured) {
			for (int i = 0; i < each.configurations().size(); i++) {
				summary.row(each.server().label(), each.protocol().label(), each.configurations().get(i).name(),
						rate(median(each.rates().get(i))), String.format(Locale.ROOT, "%.2f", each.ratio(i)));
			}
		}
		summary.print("Serving cost, medians of " + this.options.rounds() + " runs", this.out);
		runs.writeCsv(results.resolve(CSV));
		summary.writeCsv(results.resolve(SUMMARY_CSV));
		this.out.println("CSV: " + results.resolve(CSV).toAbsolutePath() + ", " + SUMMARY_CSV);
		return measured;
	}

	private List<Measured> measure(SampleServer server, Path logs, Table runs) throws Exception {
		SampleLaunchCommand command = SampleLaunchCommand.forJar(server.jar());
		List<Configuration> configurations = configurations(server);
		List<SampleProcess> samples = new ArrayList<>();
		try {
			for (Configuration configuration : configurations) {
				String log = server.label() + "-" + configuration.name().replaceAll("[^a-zA-Z]+", "-") + ".log";
				samples.add(SampleProcess.start(command, configuration.jvmOptions(), configuration.arguments(),
						logs.resolve(log)));
			}
			for (SampleProcess sample : samples) {
				try (SampleClient client = new SampleClient(sample.port())) {
					sample.awaitFirstHello(client);
				}
			}
			List<Measured> measured = new ArrayList<>();
			for (Protocol protocol : Protocol.values()) {
				List<List<Double>> rates = new ArrayList<>();
				for (SampleProcess sample : samples) {
					// Warm-up: the JIT compiles the request path before anything counts.
					rate(protocol, sample.port(), logs);
					rates.add(new ArrayList<>());
				}
				for (int round = 1; round <= this.options.rounds(); round++) {
					// Each round starts with another configuration.
					for (int k = 0; k < samples.size(); k++) {
						int i = (k + round - 1) % samples.size();
						double rate = rate(protocol, samples.get(i).port(), logs);
						rates.get(i).add(rate);
						runs.row(server.label(), protocol.name(), configurations.get(i).name(), round, rate(rate));
					}
				}
				Measured each = new Measured(server, protocol, configurations, rates);
				StringBuilder line = new StringBuilder("  " + server.displayName() + ", " + protocol.label() + ":");
				for (int i = 0; i < configurations.size(); i++) {
					line.append(String.format(Locale.ROOT, " %s %s req/s (%.2f);", configurations.get(i).name(),
							rates.get(i).stream().map(ServingCostBenchmark::rate).toList(), each.ratio(i)));
				}
				this.out.println(line.substring(0, line.length() - 1));
				measured.add(each);
			}
			return measured;
		}
		finally {
			for (SampleProcess sample : samples) {
				sample.close();
			}
		}
	}

	// One run of the protocol's tool against a port: its requests per second.
	private double rate(Protocol protocol, int port, Path logs) throws IOException, InterruptedException {
		Path output = logs.resolve("serving-cost-" + this.runs++ + ".txt");
		String url = "http://127.0.0.1:" + port + "/hello";
		if (protocol == Protocol.H2C) {
			Process h2load = LoadTools.start(List.of("h2load", "-n", Integer.toString(this.options.requests()), "-c",
					"4", "-m", "10", url), output);
			String report = LoadTools.awaitReport(h2load, output, Duration.ofMinutes(10));
			LoadTools.H2load run = LoadTools.H2load.parse(report);
			if (!"h2c".equals(run.protocol()) || run.status2xx() != this.options.requests()) {
				throw new IllegalStateException("h2load did not get " + this.options.requests() + " 2xx over h2c from "
						+ url + ":\n" + report);
			}
			return number(H2LOAD_RATE, report);
		}
		Process wrk = LoadTools.start(List.of("wrk", "-t1", "-c4", "-d" + this.options.wrkSeconds() + "s", url),
				output);
		String report = LoadTools.awaitReport(wrk, output,
				Duration.ofSeconds(this.options.wrkSeconds() + 60L));
		LoadTools.Wrk run = LoadTools.Wrk.parse(report);
		if (run.socketErrors() > 0 || run.non2xxOr3xx() > 0 || run.requests() == 0) {
			throw new IllegalStateException("wrk saw errors from " + url + ":\n" + report);
		}
		return number(WRK_RATE, report);
	}

	private static double number(Pattern pattern, String report) {
		Matcher matcher = pattern.matcher(report);
		if (!matcher.find()) {
			throw new IllegalStateException("No rate in: " + report);
		}
		return Double.parseDouble(matcher.group(1));
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String rate(double perSecond) {
		return String.format(Locale.ROOT, "%.0f", perSecond);
	}

}
