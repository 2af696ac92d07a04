package dev.hotreload.samplekafkafleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sampletest.FleetStatusJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link KafkaFleetApplication} in a JVM of its own, on the test's class path, in context
 * mode: a fleet member on the Kafka bus, with a configuration file its next generation
 * reads.
 */
final class KafkaFleetMember implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern STARTED = Pattern.compile(" started on port (\\d+)");

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private final String id;

	private final Process process;

	private final Path log;

	private final Path config;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	private volatile int port;

	private KafkaFleetMember(String id, Process process, Path log, Path config) {
		this.id = id;
		this.process = process;
		this.log = log;
		this.config = config;
	}

	/**
	 * Starts a member; it binds a port of its own choosing (see {@link #awaitServing()}).
	 * @param id its bus id
	 * @param directory where its log and configuration file go
	 * @param bootstrapServers the Kafka broker
	 * @param args further arguments
	 */
	static KafkaFleetMember start(String id, Path directory, String bootstrapServers, String... args)
			throws IOException {
		String name = id.substring(id.indexOf(':') + 1);
		Path log = directory.resolve(name + ".log");
		Path config = directory.resolve(name + ".properties");
		Files.writeString(config, "");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		// C1 only and the serial collector: a small application that lives for a minute.
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
				KafkaFleetApplication.class.getName(), "--server.port=0", "--spring.application.name=kafka-fleet",
				"--spring.cloud.bus.id=" + id, "--spring.kafka.bootstrap-servers=" + bootstrapServers,
				"--hotreload.fleet.enabled=true", "--hotreload.response-header.enabled=true",
				"--management.endpoints.web.exposure.include=reload",
				"--management.endpoint.reload.access=unrestricted",
				"--spring.config.additional-location=optional:file:" + config));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new KafkaFleetMember(id, process, log, config);
	}

	/**
	 * Waits until the member answers {@code /hello}, on the port its log names: its own
	 * bind, not one a test picked before and another process may take in between.
	 * @return this member
	 */
	KafkaFleetMember awaitServing() {
		this.port = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(this.process.isAlive()).as("%s runs; its log: %s", this.id, log()).isTrue();
			Matcher matcher = STARTED.matcher(log());
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
		}, Objects::nonNull);
		await().atMost(PATIENCE).ignoreExceptions().until(() -> get("/hello").statusCode() == 200);
		return this;
	}

	String id() {
		return this.id;
	}

	int port() {
		return this.port;
	}

	/** Replaces the member's configuration file: its next generation reads it. */
	void configure(String properties) throws IOException {
		Files.writeString(this.config, properties);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> post(String path) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** {@code GET /actuator/reload}, parsed. */
	JsonNode status() {
		return json.readTree(get("/actuator/reload").body());
	}

	int generation() {
		return status().path("currentGeneration").asInt();
	}

	/** The bus ids of the members this one heard, itself included. */
	List<String> members() {
		return FleetStatusJson.memberIds(status());
	}

	JsonNode rollout() {
		return FleetStatusJson.rollout(status());
	}

	Instant lastReloadStarted() {
		return FleetStatusJson.lastReloadStarted(status());
	}

	Instant lastReloadEnded() {
		return FleetStatusJson.lastReloadEnded(status());
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
