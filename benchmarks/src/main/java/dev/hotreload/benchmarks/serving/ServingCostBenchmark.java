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
 * keep-alive ({@code wrk}). Both JVMs of a server run side by side, the idle one waiting;
 * after a warm-up run on each, the runs alternate between them, the first of each round
 * changing, so that a machine whose load drifts weighs on both alike; medians are printed,
 * and the ratio of hotreload on to off. A run with an error or a non-2xx answer ends the
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
	 * One server's rates over one protocol.
	 *
	 * @param server the sample
	 * @param protocol the protocol
	 * @param on requests per second with hotreload on, per run
	 * @param off requests per second with hotreload off, per run
	 */
	record Measured(SampleServer server, Protocol protocol, List<Double> on, List<Double> off) {

		double ratio() {
			return median(this.on) / median(this.off);
		}

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
		Table runs = new Table("server", "protocol", "hotreload", "run", "requests_per_second");
		List<Measured> measured = new ArrayList<>();
		for (SampleServer server : this.options.servers()) {
			measured.addAll(measure(server, logs, runs));
		}
		Table summary = new Table("server", "protocol", "req/s, hotreload on (median)",
				"req/s, hotreload off (median)", "on / off");
		for (Measured each : measured) {
			summary.row(each.server().label(), each.protocol().label(), rate(median(each.on())),
					rate(median(each.off())), String.format(Locale.ROOT, "%.2f", each.ratio()));
		}
		summary.print("Serving cost, medians of " + this.options.rounds() + " runs", this.out);
		runs.writeCsv(results.resolve(CSV));
		summary.writeCsv(results.resolve(SUMMARY_CSV));
		this.out.println("CSV: " + results.resolve(CSV).toAbsolutePath() + ", " + SUMMARY_CSV);
		return measured;
	}

	private List<Measured> measure(SampleServer server, Path logs, Table runs) throws Exception {
		SampleLaunchCommand command = SampleLaunchCommand.forJar(server.jar());
		List<String> h2c = List.of("--server.http2.enabled=true");
		List<String> h2cOff = List.of("--server.http2.enabled=true", HOTRELOAD_OFF);
		try (SampleProcess on = SampleProcess.start(command, List.of(), h2c, logs.resolve(server.label() + "-on.log"));
				SampleProcess off = SampleProcess.start(command, List.of(), h2cOff,
						logs.resolve(server.label() + "-off.log"));
				SampleClient onClient = new SampleClient(on.port());
				SampleClient offClient = new SampleClient(off.port())) {
			on.awaitFirstHello(onClient);
			off.awaitFirstHello(offClient);
			List<Measured> measured = new ArrayList<>();
			for (Protocol protocol : Protocol.values()) {
				Measured each = new Measured(server, protocol, new ArrayList<>(), new ArrayList<>());
				// Warm-up: the JIT compiles the request path of both before anything counts.
				rate(protocol, on.port(), logs);
				rate(protocol, off.port(), logs);
				for (int round = 1; round <= this.options.rounds(); round++) {
					boolean onFirst = round % 2 == 1;
					double first = rate(protocol, (onFirst ? on : off).port(), logs);
					double second = rate(protocol, (onFirst ? off : on).port(), logs);
					each.on().add(onFirst ? first : second);
					each.off().add(onFirst ? second : first);
					runs.row(server.label(), protocol.name(), "on", round, rate(each.on().get(round - 1)));
					runs.row(server.label(), protocol.name(), "off", round, rate(each.off().get(round - 1)));
				}
				this.out.printf("  %s, %s: on %s, off %s req/s, ratio %.2f%n", server.displayName(), protocol.label(),
						each.on().stream().map(ServingCostBenchmark::rate).toList(),
						each.off().stream().map(ServingCostBenchmark::rate).toList(), each.ratio());
				measured.add(each);
			}
			return measured;
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
