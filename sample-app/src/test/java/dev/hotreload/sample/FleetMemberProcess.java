package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sampletest.ClassDataArchives;
import dev.hotreload.sampletest.FleetStatusJson;
import dev.hotreload.sampletest.SampleSupervisor;

import static org.awaitility.Awaitility.await;

/**
 * The sample jar in a JVM of its own, started with the profile {@code fleet} on a broker:
 * a member of a fleet, with a configuration file the test changes between reloads. In
 * process mode that JVM is the supervisor, and the member is its serving worker.
 */
final class FleetMemberProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String id;

	private final Process process;

	private final Path log;

	private final Path config;

	private final RunningSampleClient client;

	private final int port;

	private FleetMemberProcess(String id, Process process, Path log, Path config, int port) {
		this.id = id;
		this.process = process;
		this.log = log;
		this.config = config;
		this.port = port;
		this.client = new RunningSampleClient(port);
	}

	/**
	 * Starts a member.
	 * @param id its bus id
	 * @param directory where its log and configuration file go
	 * @param brokerPort the broker's AMQP port on localhost
	 * @param args further arguments
	 */
	static FleetMemberProcess start(String id, Path directory, int brokerPort, String... args) throws IOException {
		return start(id, SampleJars.packaged(), directory, brokerPort, args);
	}

	/**
	 * Starts a member in process mode: a supervisor whose workers run the given jar, as it
	 * is on disk when each starts.
	 * @param id its bus id
	 * @param jar the jar
	 * @param directory where its log and configuration file go
	 * @param brokerPort the broker's AMQP port on localhost
	 * @param args further arguments
	 */
	static FleetMemberProcess startInProcessMode(String id, Path jar, Path directory, int brokerPort, String... args)
			throws IOException {
		SupervisorProcess.buildClassDataArchive();
		List<String> all = new ArrayList<>(List.of("--hotreload.mode=process", "--hotreload.drain-timeout=10s",
				// Three instances share two cores: see SupervisorProcess.
				"--hotreload.process.start-nice=0"));
		all.addAll(List.of(args));
		return start(id, jar, directory, brokerPort, all.toArray(String[]::new));
	}

	private static FleetMemberProcess start(String id, Path jar, Path directory, int brokerPort, String... args)
			throws IOException {
		String name = id.substring(id.indexOf(':') + 1);
		Path log = directory.resolve(name + ".log");
		Path config = directory.resolve(name + ".properties");
		Files.writeString(config, "");
		int port = RunningSampleClient.freePort();
		List<String> command = new ArrayList<>(List.of(ClassDataArchives.java()));
		command.addAll(SampleSupervisor.JVM_OPTIONS);
		command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--spring.profiles.active=fleet", "--spring.cloud.bus.id=" + id,
				"--spring.rabbitmq.host=127.0.0.1", "--spring.rabbitmq.port=" + brokerPort,
				"--spring.config.additional-location=optional:file:" + config,
				"--sample.inbox.directory=" + directory.resolve(name + "-inbox"),
				"--sample.jobs.file=" + directory.resolve(name + "-jobs.jsonl"),
				"--sample.inbox.consumed-file=" + directory.resolve(name + "-consumed.jsonl")));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new FleetMemberProcess(id, process, log, config, port);
	}

	FleetMemberProcess awaitServing() {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(UncheckedIOException.class)
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.id + " exited:\n" + log());
				}
				return this.client.get("/hello").status() == 200;
			});
		return this;
	}

	String id() {
		return this.id;
	}

	int port() {
		return this.port;
	}

	RunningSampleClient client() {
		return this.client;
	}

	/** Replaces the member's configuration file: its next generation reads it. */
	void configure(String properties) throws IOException {
		Files.writeString(this.config, properties);
	}

	/** {@code GET /actuator/reload}, parsed. */
	JsonNode status() {
		return json.readTree(this.client.get("/actuator/reload").body());
	}

	int generation() {
		return status().path("currentGeneration").asInt();
	}

	/** The bus ids of the members this one heard, itself included. */
	List<String> members() {
		return FleetStatusJson.memberIds(status());
	}

	/** The mode of each member this one heard, by bus id. */
	Map<String, String> modes() {
		Map<String, String> modes = new TreeMap<>();
		status().path("fleet")
			.path("members")
			.forEach((member) -> modes.put(member.path("id").asString(), member.path("mode").asString()));
		return modes;
	}

	JsonNode rollout() {
		return FleetStatusJson.rollout(status());
	}

	String prometheus() {
		return this.client.get("/actuator/prometheus").body();
	}

	/**
	 * Ends the JVM at once, as a crash or {@code kill -9} would; in process mode its workers
	 * too, stopped first so that none does anything once the supervisor is gone.
	 */
	void kill() throws IOException, InterruptedException {
		List<ProcessHandle> workers = this.process.descendants().toList();
		for (ProcessHandle worker : workers) {
			SupervisorProcess.kill("STOP", worker.pid());
		}
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
		workers.forEach(ProcessHandle::destroyForcibly);
	}

	/** In process mode, the pid of the one worker, as the status lists it. */
	long workerPid() {
		return status().path("workers").get(0).path("pid").asLong();
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() throws Exception {
		this.client.close();
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	/** When this member's last reload started. */
	Instant lastReloadStarted() {
		return FleetStatusJson.lastReloadStarted(status());
	}

	/** When this member's last reload switched to its new generation. */
	Instant lastReloadSwitched() {
		return FleetStatusJson.lastReloadEnded(status());
	}

}
