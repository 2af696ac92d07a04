package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.TestHttpClients;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's package, installed by the project's own script when
 * missing) scraping one target every second and evaluating the project's alert rules.
 */
final class PrometheusServer implements AutoCloseable {

	static final Path OBSERVABILITY = Path.of("..", "observability").toAbsolutePath().normalize();

	static final Path RULES = OBSERVABILITY.resolve("prometheus/hotreload-rules.yml");

	private final Process process;

	private final int port;

	private final CloseableHttpClient client = TestHttpClients.client(false);

	private final JsonMapper json = JsonMapper.builder().build();

	private PrometheusServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Installs Prometheus if it is missing.
	 */
	static void install() throws IOException, InterruptedException {
		run(List.of("bash", OBSERVABILITY.resolve("install-prometheus.sh").toString()), Duration.ofMinutes(10));
	}

	/**
	 * Runs a command and returns its output; fails if it fails.
	 */
	static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(command + " failed: " + output);
		}
		return output;
	}

	static PrometheusServer scrape(int targetPort, Path workDir) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path config = workDir.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(RULES, targetPort));
		Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
				"--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port);
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> server.get("/-/ready").contains("Ready"));
		return server;
	}

	/**
	 * The result of an instant query: one entry per series.
	 */
	JsonNode query(String promql) {
		JsonNode response = this.json
			.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
		if (!"success".equals(response.path("status").asString())) {
			throw new IllegalStateException("Query " + promql + " failed: " + response);
		}
		return response.path("data").path("result");
	}

	/**
	 * The value of a query that yields exactly one series, or {@code null} if it yields none.
	 */
	Double value(String promql) {
		JsonNode result = query(promql);
		if (result.isEmpty()) {
			return null;
		}
		if (result.size() > 1) {
			throw new IllegalStateException("Query " + promql + " yields " + result.size() + " series: " + result);
		}
		return Double.valueOf(result.get(0).path("value").get(1).asString());
	}

	/**
	 * The alerts Prometheus holds now, with their states.
	 */
	JsonNode alerts() {
		return this.json.readTree(get("/api/v1/alerts")).path("data").path("alerts");
	}

	private String get(String path) {
		try {
			return this.client.execute(new HttpGet(URI.create("http://127.0.0.1:" + this.port + path)),
					(response) -> EntityUtils.toString(response.getEntity()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws Exception {
		this.client.close();
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
