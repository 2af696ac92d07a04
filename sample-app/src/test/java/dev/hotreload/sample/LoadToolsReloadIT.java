package dev.hotreload.sample;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real load tools against the sample across reloads: h2load over h2c and over h2 (TLS,
 * ALPN), wrk (plain and TLS) and hey over HTTP/1.1 keep-alive. Not one request that a tool sent may fail,
 * and every answer is a 2xx.
 *
 * <p>h2load (nghttp2 1.52, Debian's) does not reconnect after a GOAWAY: a client whose
 * connection gets one stops, and counts what it had left as {@code failed} and
 * {@code errored} (with {@code Process Request Failure}): the requests it had not
 * submitted yet, and those it had submitted but nghttp2 had not sent yet, which nghttp2
 * may no longer send once a GOAWAY is received ({@code START_STREAM_NOT_ALLOWED}; h2load
 * counts those {@code started} and {@code done}). So h2load runs again and again, for
 * short runs, while the reloads go on; each run must have no timeout and no non-2xx, and
 * the server's own access log, written by every generation, must show exactly as many
 * {@code GET /hello} as h2load counts succeeded, all 200: no request that reached the
 * server was lost, and what h2load counts failed never reached it.
 */
class LoadToolsReloadIT {

	// Three per tool: each meets switches and drains, one of them from a generation that was
	// itself a reload's new one. Five cost a CI run about 25 CPU seconds more.
	private static final int RELOADS = 3;

	@TempDir
	Path work;

	@BeforeAll
	static void installLoadTools() throws Exception {
		LoadTools.install();
	}

	@Test
	void h2loadOverH2cAcrossReloads() throws Exception {
		List<String> arguments = new ArrayList<>(accessLogArguments(this.work));
		arguments.add("--server.http2.enabled=true");
		List<LoadTools.H2load> runs;
		try (RunningSample sample = RunningSample.start(arguments.toArray(String[]::new))) {
			runs = h2loadAcrossReloads(sample, "http://127.0.0.1:" + sample.port() + "/hello", sample::reload);
		}
		assertThat(runs).allSatisfy((run) -> assertThat(run.protocol()).isEqualTo("h2c"));
		assertServerAnsweredExactlyWhatSucceeded(this.work, runs);
	}

	@Test
	void h2loadOverTlsAcrossReloads() throws Exception {
		SelfSignedTls keyStore = SelfSignedTls.generate(this.work);
		List<String> arguments = new ArrayList<>(keyStore.serverArguments());
		arguments.addAll(accessLogArguments(this.work));
		arguments.add("--server.http2.enabled=true");
		List<LoadTools.H2load> runs;
		try (RunningSample sample = RunningSample.start(arguments.toArray(String[]::new))) {
			SSLContext tls = keyStore.clientContext();
			assertThat(getOverTls(sample.port(), tls)).isEqualTo(200);
			runs = h2loadAcrossReloads(sample, "https://127.0.0.1:" + sample.port() + "/hello",
					() -> new RunningSample.Response(reloadOverTls(sample.port(), tls), "", null));
		}
		assertThat(runs).allSatisfy((run) -> assertThat(run.protocol()).isEqualTo("h2"));
		// The GET over TLS before the load is in the access log too.
		assertServerAnsweredExactlyWhatSucceeded(this.work, runs, 1);
	}

	@Test
	void wrkAcrossReloads() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			wrkAcrossReloads(sample, "http://127.0.0.1:" + sample.port() + "/hello", sample::reload);
		}
	}

	/** wrk's TLS connections move with their session: the reload keeps the key store. */
	@Test
	void wrkOverTlsAcrossReloads() throws Exception {
		SelfSignedTls keyStore = SelfSignedTls.generate(this.work);
		try (RunningSample sample = RunningSample.start(keyStore.serverArguments().toArray(String[]::new))) {
			SSLContext tls = keyStore.clientContext();
			wrkAcrossReloads(sample, "https://127.0.0.1:" + sample.port() + "/hello",
					() -> new RunningSample.Response(reloadOverTls(sample.port(), tls), "", null));
			assertThat(sample.application().statistics().migratedConnections()).as("TLS connections moved")
				.isPositive();
		}
	}

	private void wrkAcrossReloads(RunningSample sample, String url, Reloader reloader) throws Exception {
		Path output = this.work.resolve("wrk.txt");
		// Paced like hey below (a request per connection every 10 ms, wrk's script delay):
		// unpaced, wrk takes every core it gets from the tests running beside it.
		Path pace = Files.writeString(this.work.resolve("pace.lua"), "function delay()\n\treturn 10\nend\n");
		Process wrk = LoadTools.start(
				List.of("wrk", "-t1", "-c8", "-d300s", "--timeout", "30s", "-s", pace.toString(), url), output);
		List<Long> drains = reloadUnderLoad(sample, reloader, () -> wrk.isAlive());
		LoadTools.Wrk report = LoadTools.Wrk.parse(LoadTools.interruptAndReport(wrk, output));
		System.out.println("wrk -t1 -c8 (10 ms apart) " + url + " across " + RELOADS + " reloads (old generation closed after "
				+ drains + " ms): " + report.requests() + " requests, " + report.socketErrors() + " socket errors, "
				+ report.non2xxOr3xx() + " non-2xx or 3xx\n" + report.report());
		assertThat(report.requests()).isPositive();
		assertThat(report.socketErrors()).isZero();
		assertThat(report.non2xxOr3xx()).isZero();
	}

	@Test
	void heyAcrossReloads() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			Path output = this.work.resolve("hey.txt");
			// Paced (100 requests/s per client): the reloads, not hey, get the machine's cores.
			Process hey = LoadTools.start(List.of("hey", "-z", "300s", "-c", "8", "-q", "100", "-t", "30",
					"http://127.0.0.1:" + sample.port() + "/hello"), output);
			List<Long> drains = reloadUnderLoad(sample, sample::reload, () -> hey.isAlive());
			LoadTools.Hey report = LoadTools.Hey.parse(LoadTools.interruptAndReport(hey, output));
			System.out.println("hey -c 8 across " + RELOADS + " reloads (old generation closed after " + drains
					+ " ms): status codes " + report.statusCodes() + ", " + report.errors() + " errors");
			assertThat(report.responses()).isPositive();
			assertThat(report.statusCodes().keySet()).containsOnly(200);
			assertThat(report.errors()).as(report.report()).isZero();
		}
	}

	/**
	 * Runs h2load again and again while the reloads go on, and checks each run: every
	 * request it started done and succeeded, all of them 2xx, none timed out.
	 */
	private List<LoadTools.H2load> h2loadAcrossReloads(RunningSample sample, String url, Reloader reloader)
			throws Exception {
		// Paced as well (100 requests/s per client, 4 clients).
		return h2loadWhile(this.work, url, List.of("--rps", "100"),
				(loadRunning) -> reloadUnderLoad(sample, reloader, loadRunning));
	}

	/**
	 * The same, with reloads of any kind (a supervisor's, say): {@code reloads} runs them
	 * and says how long each old generation took to close; {@code options} go to h2load
	 * too (a rate, say).
	 */
	static List<LoadTools.H2load> h2loadWhile(Path work, String url, List<String> options, ReloadsUnderLoad reloads)
			throws Exception {
		return h2loadWhile(work, url, 2000, options, reloads);
	}

	/**
	 * The same, with {@code requests} per h2load run ({@code -n}).
	 */
	static List<LoadTools.H2load> h2loadWhile(Path work, String url, int requests, List<String> options,
			ReloadsUnderLoad reloads) throws Exception {
		AtomicBoolean reloading = new AtomicBoolean(true);
		CompletableFuture<List<LoadTools.H2load>> load = CompletableFuture.supplyAsync(() -> {
			List<LoadTools.H2load> runs = new ArrayList<>();
			try {
				for (int i = 0; reloading.get(); i++) {
					Path output = work.resolve("h2load-" + i + ".txt");
					List<String> command = new ArrayList<>(
							List.of("h2load", "-n", Integer.toString(requests), "-c", "4", "-m", "4"));
					command.addAll(options);
					command.add(url);
					Process h2load = LoadTools.start(command, output);
					runs.add(LoadTools.H2load.parse(LoadTools.awaitReport(h2load, output, Duration.ofMinutes(2))));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return runs;
		});
		List<Long> drains;
		try {
			drains = reloads.run(() -> !load.isDone());
		}
		finally {
			reloading.set(false);
		}
		List<LoadTools.H2load> runs = load.get(3, TimeUnit.MINUTES);
		long started = runs.stream().mapToLong(LoadTools.H2load::started).sum();
		long succeeded = runs.stream().mapToLong(LoadTools.H2load::succeeded).sum();
		long failed = runs.stream().mapToLong(LoadTools.H2load::failed).sum();
		long neverStarted = runs.stream().mapToLong(LoadTools.H2load::neverStarted).sum();
		long cut = runs.stream().filter((run) -> run.failed() > 0).count();
		int givingUp = runs.stream().mapToInt(LoadTools.H2load::clientsGivingUp).sum();
		System.out.println("h2load -n " + requests + " -c 4 -m 4 " + String.join(" ", options) + " " + url + " across " + drains.size()
				+ " reloads (old generation closed after " + drains + " ms): " + runs.size() + " runs, " + started
				+ " requests started, " + succeeded + " succeeded, " + failed + " failed; " + cut
				+ " run(s) had clients stop at a GOAWAY (" + givingUp + " clients; of the failed, " + neverStarted
				+ " never submitted and " + (started - succeeded) + " submitted but not sent after the GOAWAY)");
		runs.forEach((run) -> System.out.println(run.report().lines()
			.filter((line) -> line.startsWith("requests:") || line.startsWith("status codes:")
					|| line.startsWith("Process Request Failure") || line.startsWith("finished in"))
			.toList()));
		assertThat(started).isPositive();
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.done()).as(run.report()).isEqualTo(run.started());
			assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
			assertThat(run.status3xx() + run.status4xx() + run.status5xx()).as(run.report()).isZero();
			assertThat(run.timeout()).as(run.report()).isZero();
			assertThat(run.failed()).as(run.report()).isEqualTo(run.total() - run.succeeded());
			assertThat(run.errored()).as(run.report()).isEqualTo(run.failed());
			// Only a client that stopped at a GOAWAY has failures (paced by --rps, h2load does not
			// say so: the access log check is what shows that none reached the server).
			if (run.failed() > 0 && !options.contains("--rps")) {
				assertThat(run.clientsGivingUp()).as(run.report()).isPositive();
			}
		});
		return runs;
	}

	/**
	 * Tomcat's access log, written by every generation's server into one file: the request
	 * line, the status and the generation that answered (the sample names it in a header).
	 */
	static List<String> accessLogArguments(Path work) {
		return List.of("--server.tomcat.accesslog.enabled=true",
				"--server.tomcat.accesslog.directory=" + work.toAbsolutePath(),
				"--server.tomcat.accesslog.prefix=access", "--server.tomcat.accesslog.suffix=.log",
				"--server.tomcat.accesslog.rotate=false", "--server.tomcat.accesslog.buffered=false",
				"--server.tomcat.accesslog.pattern=%r %s %{X-App-Generation}o");
	}

	/**
	 * Every {@code GET /hello} the server answered (the sample has closed, so every
	 * generation's log is complete) was a 200 that h2load counted succeeded, and the other
	 * way round.
	 */
	static void assertServerAnsweredExactlyWhatSucceeded(Path work, List<LoadTools.H2load> runs, long otherHellos)
			throws IOException {
		List<String> hellos = hellos(work);
		long succeeded = runs.stream().mapToLong(LoadTools.H2load::succeeded).sum();
		System.out.println("Server access log: " + hellos.size() + " GET /hello, h2load: " + succeeded
				+ " succeeded (+ " + otherHellos + " from the test itself)");
		// GET /hello HTTP/2.0 200 <generation>
		assertThat(hellos).allSatisfy((line) -> assertThat(line.split(" ")[3]).as(line).isEqualTo("200"));
		assertThat(hellos).hasSize(Math.toIntExact(succeeded + otherHellos));
	}

	/**
	 * How many {@code GET /hello} each generation answered, by the access log.
	 */
	static Map<Integer, Long> hellosByGeneration(Path work) throws IOException {
		return hellos(work).stream()
			.collect(Collectors.groupingBy((line) -> Integer.parseInt(line.split(" ")[4]), TreeMap::new,
					Collectors.counting()));
	}

	private static List<String> hellos(Path work) throws IOException {
		try (Stream<String> lines = Files.lines(work.resolve("access.log"))) {
			return lines.filter((line) -> line.startsWith("GET /hello ")).toList();
		}
	}

	static void assertServerAnsweredExactlyWhatSucceeded(Path work, List<LoadTools.H2load> runs) throws IOException {
		assertServerAnsweredExactlyWhatSucceeded(work, runs, 0);
	}

	/**
	 * Reloads {@value #RELOADS} times while the load runs, each time waiting for the old
	 * generation to close.
	 * @return how long each old generation took to close after its switch, in ms
	 */
	private static List<Long> reloadUnderLoad(RunningSample sample, Reloader reloader, LoadRunning loadRunning)
			throws Exception {
		List<Long> drains = new ArrayList<>();
		RunningSample.sleep(500);
		for (int i = 0; i < RELOADS; i++) {
			assertThat(loadRunning.isRunning()).as("load still running at reload " + (i + 1)).isTrue();
			long drainsBefore = sample.application().statistics().drainDurations().count();
			double nanosBefore = sample.application().statistics().drainDurations().totalNanos();
			assertThat(reloader.reload().status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
						&& sample.application().generations().size() == 1);
			drains.add(Math.round(
					(sample.application().statistics().drainDurations().totalNanos() - nanosBefore) / 1_000_000));
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.forced()).as(drain.toString()).isZero();
			// Long enough for thousands of requests to reach the new generation.
			RunningSample.sleep(300);
		}
		assertThat(loadRunning.isRunning()).as("load still running after the reloads").isTrue();
		return drains;
	}

	private static int reloadOverTls(int port, SSLContext tls) {
		try {
			HttpsURLConnection connection = (HttpsURLConnection) URI
				.create("https://127.0.0.1:" + port + "/actuator/reload")
				.toURL()
				.openConnection();
			connection.setSSLSocketFactory(tls.getSocketFactory());
			connection.setRequestMethod("POST");
			connection.setRequestProperty("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
			return readStatus(connection);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int getOverTls(int port, SSLContext tls) throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://127.0.0.1:" + port + "/hello")
			.toURL()
			.openConnection();
		connection.setSSLSocketFactory(tls.getSocketFactory());
		return readStatus(connection);
	}

	private static int readStatus(HttpURLConnection connection) throws IOException {
		try {
			int status = connection.getResponseCode();
			connection.getInputStream().readAllBytes();
			return status;
		}
		finally {
			connection.disconnect();
		}
	}

	@FunctionalInterface
	private interface Reloader {

		RunningSample.Response reload();

	}

	@FunctionalInterface
	interface LoadRunning {

		boolean isRunning();

	}

	@FunctionalInterface
	interface ReloadsUnderLoad {

		List<Long> run(LoadRunning loadRunning) throws Exception;

	}

}
