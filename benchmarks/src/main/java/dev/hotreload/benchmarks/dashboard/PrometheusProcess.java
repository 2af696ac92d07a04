package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.benchmarks.load.HttpClientFactory;

/**
 * A real Prometheus server in a process of its own, scraping the sample every second and
 * evaluating the project's alert rules, with its HTTP query API.
 */
final class PrometheusProcess implements AutoCloseable {

	/** Scrape and rule evaluation interval: one point per second on every chart. */
	static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final long POLL_INTERVAL_MILLIS = 200;

	private final Process process;

	private final int port;

	private final Path log;

	private final CloseableHttpClient client = HttpClientFactory.keepAlive();

	private final JsonMapper json = JsonMapper.builder().build();

	// Leaves no Prometheus behind if the harness itself is interrupted.
	private final Thread killOnExit;

	private PrometheusProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.killOnExit = new Thread(process::destroyForcibly, "kill-prometheus-" + process.pid());
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
	}

	/**
	 * Starts Prometheus on a free local port and waits until it is ready.
	 * @param targetPort the sample's port
	 * @param rules the alert rules file
	 * @param workDir an empty directory for its configuration and its data
	 * @param log where its output goes
	 * @return the ready server
	 * @throws IOException if it cannot be started or does not become ready
	 * @throws InterruptedException if interrupted while waiting
	 */
	static PrometheusProcess start(int targetPort, Path rules, Path workDir, Path log)
			throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path config = Files.createDirectories(workDir).resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: %1$ds
				  evaluation_interval: %1$ds
				rule_files:
				  - %2$s
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%3$d"]
				""".formatted(SCRAPE_INTERVAL.toSeconds(), rules.toAbsolutePath(), targetPort));
		Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
				"--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
		try {
			prometheus.awaitReady();
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			prometheus.close();
			throw ex;
		}
		return prometheus;
	}

	private void awaitReady() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (!answersReady()) {
			if (!this.process.isAlive()) {
				throw new IOException("Prometheus exited with status " + this.process.exitValue()
						+ " before it was ready; see " + this.log.toAbsolutePath());
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("Prometheus was not ready within " + READY_TIMEOUT + "; see "
						+ this.log.toAbsolutePath());
			}
			Thread.sleep(POLL_INTERVAL_MILLIS);
		}
	}

	private boolean answersReady() {
		try {
			return get("/-/ready").contains("Ready");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Waits until a query yields data, for instance until the first scrape of a metric.
	 * @param promql the query
	 * @param timeout how long to wait
	 * @throws IOException if the query fails or yields nothing in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitData(String promql, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (api("/api/v1/query?query=" + encode(promql)).isEmpty()) {
			if (System.nanoTime() > deadline) {
				throw new IOException("Prometheus found no " + promql + " within " + timeout
						+ "; is the sample scraped? See " + this.log.toAbsolutePath());
			}
			Thread.sleep(POLL_INTERVAL_MILLIS);
		}
	}

	/**
	 * A range query, one point per step, as Grafana runs it for a time series panel.
	 * @param promql the query
	 * @param start the first evaluation time
	 * @param end the last evaluation time
	 * @param step the time between two points
	 * @return one entry per series: its labels ({@code metric}) and {@code values}, each a
	 * pair of Unix seconds and the value as a string
	 * @throws IOException if the request or the query fails
	 */
	JsonNode queryRange(String promql, Instant start, Instant end, Duration step) throws IOException {
		return api("/api/v1/query_range?query=" + encode(promql) + "&start=" + unixSeconds(start) + "&end="
				+ unixSeconds(end) + "&step=" + step.toSeconds());
	}

	private JsonNode api(String pathAndQuery) throws IOException {
		JsonNode response = this.json.readTree(get(pathAndQuery));
		if (!"success".equals(response.path("status").asString())) {
			throw new IOException("Prometheus answered " + pathAndQuery + " with " + response);
		}
		return response.path("data").path("result");
	}

	private String get(String pathAndQuery) throws IOException {
		return this.client.execute(new HttpGet(URI.create("http://127.0.0.1:" + this.port + pathAndQuery)),
				(response) -> EntityUtils.toString(response.getEntity()));
	}

	private static String encode(String promql) {
		return URLEncoder.encode(promql, StandardCharsets.UTF_8);
	}

	private static String unixSeconds(Instant instant) {
		return String.format(Locale.ROOT, "%.3f", instant.toEpochMilli() / 1000.0);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		this.client.close();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The harness is exiting: the hook runs anyway and finds the process gone.
		}
	}

}
