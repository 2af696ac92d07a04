package dev.hotreload.benchmarks.tls;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * What a TLS client pays at a reload, against the sample in a JVM of its own serving
 * HTTPS ({@code server.ssl.*}, a key store {@code keytool} makes for the run) and its
 * management port in plain HTTP, where the harness asks for the reloads. Idle keep-alive
 * connections of the JDK's TLS client cross each reload (drain mode {@code migrate});
 * after each one, for every connection, in turn: its first request (it moved, no
 * handshake), its next request (any keep-alive request), and what the {@code close} path
 * would make the client do instead: a new connection, a full handshake (a client context
 * of its own: nothing to resume, which is what any client's first connection to a new
 * generation is, since the new generation's SSL context knows none of the old one's
 * sessions) and the request; and the same with one shared client context, whose cached
 * session from the new generation may resume. All in one run, so the ratios compare like
 * with like.
 */
public final class TlsHandOverBenchmark {

	static final String USAGE = """
			Usage: TlsHandOverBenchmark [--reloads N] [--warm-up-reloads N] [--connections N] [--results-dir DIR]
			  --reloads           measured reloads (default 10)
			  --warm-up-reloads   reloads before them, not measured (default 3)
			  --connections       idle TLS keep-alive connections across the reloads (default 20)
			  --results-dir       where the sample's log and the key store go (default benchmarks/results)
			""";

	private static final List<String> FLAGS = List.of("--reloads", "--warm-up-reloads", "--connections",
			"--results-dir");

	private final Options options;

	private final PrintStream out;

	private final SampleLaunchCommand command = SampleLaunchCommand.forThisJvm();

	private final HttpClient management = HttpClient.newHttpClient();

	TlsHandOverBenchmark(Options options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(USAGE);
			return;
		}
		Options options;
		try {
			options = CommandLineFlags.parse(args, Options.DEFAULTS, FLAGS, Options::with);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		new TlsHandOverBenchmark(options, System.out).run();
	}

	void run() throws IOException, InterruptedException, GeneralSecurityException {
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		Environment environment = Environment.current(this.command);
		this.out.printf("hotreload TLS hand-over benchmark, %s, Java %s, %d processors%n", environment.date(),
				environment.javaVersion(), environment.availableProcessors());
		Path keyStoreDirectory = Files.createTempDirectory(results, "tls-");
		SelfSignedKeyStore keyStore = SelfSignedKeyStore.generate(keyStoreDirectory);
		int managementPort = SampleProcess.freePort();
		List<String> arguments = new ArrayList<>(keyStore.serverArguments());
		arguments.add("--management.server.port=" + managementPort);
		// Else the management server takes server.ssl.* too.
		arguments.add("--management.server.ssl.enabled=false");
		Samples samples = new Samples();
		int errors = 0;
		try (SampleProcess sample = SampleProcess.start(this.command, List.of(), arguments,
				logs.resolve("tls-hand-over.log"));
				SampleClient operator = new SampleClient(managementPort)) {
			SSLContext shared = keyStore.clientContext();
			awaitTls(sample, shared);
			List<TlsKeepAliveConnection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < this.options.connections(); i++) {
					connections.add(new TlsKeepAliveConnection(sample.port(), shared));
					connections.get(i).hello();
				}
				int reloads = this.options.warmUpReloads() + this.options.reloads();
				for (int reload = 1; reload <= reloads; reload++) {
					ReloadResponse answer = operator.reload();
					if (!answer.succeeded()) {
						throw new IllegalStateException("Reload failed: " + answer.body());
					}
					operator.awaitDrained(Duration.ofSeconds(60));
					int migrated = lastDrain(managementPort).path("migrated").intValue(-1);
					boolean measured = reload > this.options.warmUpReloads();
					String generation = String.valueOf(answer.generation());
					for (TlsKeepAliveConnection connection : connections) {
						SSLContext own = keyStore.clientContext();
						long start = System.nanoTime();
						String movedBy = connection.hello();
						long moved = System.nanoTime() - start;
						start = System.nanoTime();
						connection.hello();
						long kept = System.nanoTime() - start;
						Reconnect full = reconnect(sample.port(), own);
						Reconnect cached = reconnect(sample.port(), shared);
						if (!generation.equals(movedBy) || !connection.inFirstSession()
								|| !generation.equals(full.generation()) || !generation.equals(cached.generation())) {
							errors++;
						}
						if (measured) {
							samples.add(moved, kept, full.nanos(), cached.nanos());
						}
					}
					this.out.printf("  reload %d/%d%s: generation %s, %d connection(s) migrated%n", reload, reloads,
							measured ? "" : " (warm-up)", generation, migrated);
				}
				for (TlsKeepAliveConnection connection : connections) {
					if (!connection.inFirstSession()) {
						errors++;
					}
				}
			}
			finally {
				for (TlsKeepAliveConnection connection : connections) {
					connection.close();
				}
			}
		}
		finally {
			Files.deleteIfExists(keyStoreDirectory.resolve("tls-benchmark.p12"));
			Files.deleteIfExists(keyStoreDirectory);
		}
		samples.print(this.out, this.options, errors);
	}

	private static Reconnect reconnect(int port, SSLContext client) throws IOException {
		long start = System.nanoTime();
		try (TlsKeepAliveConnection connection = new TlsKeepAliveConnection(port, client)) {
			String generation = connection.hello();
			return new Reconnect(System.nanoTime() - start, generation);
		}
	}

	private static void awaitTls(SampleProcess sample, SSLContext client) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				reconnect(sample.port(), client);
				return;
			}
			catch (IOException ex) {
				if (System.nanoTime() > deadline || !sample.isAlive()) {
					throw new IllegalStateException("The sample does not answer over TLS:\n" + sample.logTail(), ex);
				}
				Thread.sleep(50);
			}
		}
	}

	private JsonNode lastDrain(int managementPort) throws IOException, InterruptedException {
		HttpResponse<String> status = this.management.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/reload")).build(),
				HttpResponse.BodyHandlers.ofString());
		return JsonMapper.shared().readTree(status.body()).path("lastDrain");
	}

	private record Reconnect(long nanos, String generation) {
	}

	/**
	 * The timings, sample by sample.
	 */
	private static final class Samples {

		private final List<Duration> moved = new ArrayList<>();

		private final List<Duration> kept = new ArrayList<>();

		private final List<Duration> full = new ArrayList<>();

		private final List<Duration> cached = new ArrayList<>();

		void add(long moved, long kept, long full, long cached) {
			this.moved.add(Duration.ofNanos(moved));
			this.kept.add(Duration.ofNanos(kept));
			this.full.add(Duration.ofNanos(full));
			this.cached.add(Duration.ofNanos(cached));
		}

		void print(PrintStream out, Options options, int errors) {
			Distribution moved = Distribution.of(this.moved);
			Distribution kept = Distribution.of(this.kept);
			Distribution full = Distribution.of(this.full);
			Distribution cached = Distribution.of(this.cached);
			out.printf("%n%d samples each (%d reloads x %d connections, after %d warm-up reloads); errors "
					+ "(wrong generation, new session or handshake on a moved connection): %d%n%n", moved.count(),
					options.reloads(), options.connections(), options.warmUpReloads(), errors);
			out.println("| a client's next request after a reload | median (ms) | p90 (ms) | median / moved |");
			out.println("|---|---|---|---|");
			row(out, "on its keep-alive connection, moved with its TLS session (`migrate`)", moved, moved);
			row(out, "the request after that, on the same connection", kept, moved);
			row(out, "reconnect + full TLS handshake + request (`close`)", full, moved);
			row(out, "reconnect + handshake with the client's session cache + request", cached, moved);
		}

		private static void row(PrintStream out, String what, Distribution distribution, Distribution moved) {
			out.printf("| %s | %.2f | %.2f | %.1f |%n", what, distribution.median(), distribution.p90(),
					distribution.median() / moved.median());
		}

	}

	record Options(int reloads, int warmUpReloads, int connections, Path resultsDir) {

		static final Options DEFAULTS = new Options(10, 3, 20, Path.of("benchmarks", "results"));

		Options with(String name, String value) throws UsageException {
			return switch (name) {
				case "--reloads" -> new Options(CommandLineFlags.positive(name, value), this.warmUpReloads,
						this.connections, this.resultsDir);
				case "--warm-up-reloads" -> new Options(this.reloads, CommandLineFlags.atLeast(name, value, 0),
						this.connections, this.resultsDir);
				case "--connections" -> new Options(this.reloads, this.warmUpReloads,
						CommandLineFlags.positive(name, value), this.resultsDir);
				case "--results-dir" -> new Options(this.reloads, this.warmUpReloads, this.connections,
						CommandLineFlags.directory(name, value));
				default -> throw new UsageException("Unknown option '" + name + "'");
			};
		}

	}

}
