package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback in process mode, with real supervisor and worker JVMs started from the sample's
 * jar and the sample made unhealthy by its external configuration file: the previous worker
 * stands by while the new one is watched, and serves again if the new one goes down. The
 * other endings of a window (a worker DOWN when ready, a window that passes, a reload
 * during one, the standing-by worker killed) run in order on one supervisor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessRollbackIT {

	private static final String WINDOW = "window";

	// One directory for the class: the window's scenarios share the supervisor that runs in it.
	@TempDir
	static Path temp;

	/** The supervisor the window's scenarios share, started by the first that needs it. */
	private SupervisorProcess window;

	private Path config(String scenario) throws IOException {
		return Files.createDirectories(temp.resolve(scenario).resolve("config"));
	}

	private SupervisorProcess start(String scenario, Path jar, String... args) throws IOException {
		Path directory = temp.resolve(scenario);
		List<String> all = new ArrayList<>(List.of(ExternalConfig.location(config(scenario)),
				"--sample.jobs.file=" + directory.resolve("jobs.jsonl"),
				"--sample.inbox.directory=" + directory.resolve("inbox"),
				"--sample.inbox.consumed-file=" + directory.resolve("consumed.jsonl"),
				// A worker JVM starting under the load of a shared 2-core machine can take a minute.
				"--hotreload.reload-timeout=180s"));
		all.addAll(List.of(args));
		return SupervisorProcess.start(jar, RunningSampleClient.freePort(), all.toArray(String[]::new));
	}

	/**
	 * The supervisor of the window's scenarios: they run one after another on it, each from
	 * where the one before left it, since a supervisor and its first worker cost more than a
	 * scenario.
	 */
	private SupervisorProcess window() throws Exception {
		if (this.window == null) {
			Path jar = SampleJars.copyTo(Files.createDirectories(temp.resolve(WINDOW)));
			ExternalConfig.write(config(WINDOW), "sample.greeting=Hi");
			this.window = started(start(WINDOW, jar));
		}
		return this.window;
	}

	@AfterAll
	void stopWindow() throws Exception {
		if (this.window != null) {
			this.window.close();
		}
	}

	/**
	 * Waits until the first worker serves. Longer than {@link SupervisorProcess#awaitServing}:
	 * on a shared 2-core machine a worker JVM was seen to take 38 to 53 s to start, and the
	 * supervisor's own start comes first.
	 */
	private static SupervisorProcess started(SupervisorProcess supervisor) throws Exception {
		try {
			await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
				if (!supervisor.process().isAlive()) {
					throw new IllegalStateException("The supervisor exited:\n" + supervisor.log());
				}
				return supervisor.client().get("/hello").status() == 200;
			});
			return supervisor;
		}
		catch (RuntimeException ex) {
			// Not yet the try's resource: nothing else would stop its JVMs.
			supervisor.close();
			throw ex;
		}
	}

	@Test
	@Order(1)
	void newWorkerThatGoesDownInTheWindowIsRolledBackUnderLoad() throws Exception {
		Path directory = Files.createDirectories(temp.resolve("rolled-back"));
		Path jar = SampleJars.copyTo(directory);
		Path v2 = SampleJars.withBuild("v2", directory.resolve("v2.jar"));
		ExternalConfig.write(config("rolled-back"), "sample.greeting=Hi");
		try (SupervisorProcess supervisor = started(start("rolled-back", jar))) {
			RunningSampleClient http = supervisor.client();
			long v1 = onlyWorker(supervisor);
			awaitJobRun(supervisor, 1, Instant.EPOCH);
			SampleJars.copyOver(v2, jar);
			ExternalConfig.write(config("rolled-back"), "sample.greeting=Flaky", "sample.health.down-after=2s",
					"hotreload.rollback.window=30s");
			List<String> failures;
			long requests;
			Set<String> builds;
			Set<Integer> generations;
			long v2Pid;
			Instant rolledBack;
			try (LoadGenerator load = new LoadGenerator(supervisor.port(), 4, 4, 2, 200)) {
				RunningSample.sleep(500);
				// SIGHUP, not a POST that waits for the switch: under this load a worker may start
				// for longer than an HTTP client waits.
				supervisor.signal("HUP");
				JsonNode switched = awaitReload(supervisor, 2);
				assertThat(switched.get("outcome").asText()).isIn("SUCCESS", "ROLLED_BACK");
				v2Pid = pidOf(supervisor.log(), 2);
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> supervisor.status().get("currentGeneration").asInt() == 1);
				rolledBack = Instant.now();
				// The previous worker under the same load again.
				RunningSample.sleep(1000);
				failures = load.failures();
				requests = load.succeeded();
				builds = load.buildsSeen();
				generations = load.generationsSeen();
			}
			assertThat(failures).isEmpty();
			assertThat(requests).isPositive();
			assertThat(builds).contains("v1", "v2");
			assertThat(generations).contains(1, 2);

			JsonNode status = supervisor.status();
			assertThat(status.get("rollbackWindow").isNull()).isTrue();
			JsonNode last = status.get("lastReload");
			assertThat(last.get("generation").asInt()).isEqualTo(2);
			assertThat(last.get("outcome").asText()).isEqualTo("ROLLED_BACK");
			assertThat(last.get("error").asText()).contains("health DOWN: readiness group, sample DOWN");
			// The worker that answers is v1's, the same JVM as before the reload.
			assertThat(status.get("generations").get(0).get("pid").asLong()).isEqualTo(v1);
			Answer hello = http.get("/hello");
			assertThat(hello.body()).isEqualTo("Hi from generation 1\n");
			assertThat(hello.build()).isEqualTo("v1");
			await().atMost(Duration.ofSeconds(40)).until(() -> supervisor.workerPids().equals(List.of(v1)));
			assertThat(ProcessHandle.of(v2Pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			assertThat(http.get("/actuator/prometheus").body())
				.contains("hotreload_reloads_total{outcome=\"rolled_back\",trigger=\"signal\"} 1.0");
			assertThat(supervisor.log()).contains("worker " + v1 + " (generation 1) stands by until",
					"Rolled back generation 2 (worker " + v2Pid + "): health DOWN");

			// Singleton work: generation 1, then 2, then 1 again after the rollback, never overlapping.
			awaitJobRun(supervisor, 1, rolledBack);
			List<JobRuns.Run> runs = JobRuns.fromJson(http.get("/jobs").body());
			assertThat(JobRuns.overlaps(runs)).isEmpty();
			assertThat(JobRuns.generationsInOrder(runs)).containsSubsequence(1, 2, 1).endsWith(1);
			System.out.println("ProcessRollbackIT: " + requests + " requests under load, " + failures.size()
					+ " failed; worker " + v1 + " (generation 1) served again "
					+ supervisor.log().lines().filter((line) -> line.contains("Rolled back")).findFirst().orElse(""));
		}
	}

	@Test
	@Order(2)
	void newWorkerDownWhenReadyIsStoppedAndTheServingOneServesOn() throws Exception {
		SupervisorProcess supervisor = window();
		int serving = supervisor.status().get("currentGeneration").asInt();
		long before = onlyWorker(supervisor);
		ExternalConfig.write(config(WINDOW), "sample.greeting=Sick", "sample.health.down=true");
		supervisor.signal("HUP");
		JsonNode refused = awaitReload(supervisor, serving + 1);
		assertThat(refused.get("outcome").asText()).isEqualTo("FAILURE");
		assertThat(refused.get("error").asText())
			.contains("health DOWN: readiness group, sample DOWN {reason=sample.health.down=true}");
		assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hi from generation " + serving + "\n");
		await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.workerPids().equals(List.of(before)));
		assertThat(supervisor.liveWorkers()).extracting(ProcessHandle::pid).containsExactly(before);
	}

	@Test
	@Order(3)
	void windowThatPassesRetiresTheStandingByWorker() throws Exception {
		SupervisorProcess supervisor = window();
		int serving = supervisor.status().get("currentGeneration").asInt();
		int next = nextGeneration(supervisor);
		ExternalConfig.write(config(WINDOW), "sample.greeting=Fine", "hotreload.rollback.window=15s");
		assertThat(switchTo(supervisor, next)).isEqualTo("SUCCESS");
		assertThat(supervisor.workerStates()).containsExactly(serving + ":STANDBY", next + ":ACTIVE");
		long pid = pidOf(supervisor.status(), next);
		assertThat(supervisor.client().get("/hello").body()).isEqualTo("Fine from generation " + next + "\n");
		await().atMost(Duration.ofSeconds(40)).until(() -> supervisor.workerPids().equals(List.of(pid)));
		JsonNode status = supervisor.status();
		assertThat(status.get("rollbackWindow").isNull()).isTrue();
		assertThat(status.get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
		assertThat(supervisor.log()).contains("passed without trouble");
	}

	@Test
	@Order(4)
	void reloadDuringTheWindowKeepsTheServingWorkerAndRetiresTheStandingByOne() throws Exception {
		SupervisorProcess supervisor = window();
		long first = onlyWorker(supervisor);
		int second = nextGeneration(supervisor);
		ExternalConfig.write(config(WINDOW), "sample.greeting=Second", "hotreload.rollback.window=60s");
		assertThat(switchTo(supervisor, second)).isEqualTo("SUCCESS");
		long secondPid = pidOf(supervisor.status(), second);
		ExternalConfig.write(config(WINDOW), "sample.greeting=Third", "hotreload.rollback.window=60s");
		int third = second + 1;
		assertThat(switchTo(supervisor, third)).isEqualTo("SUCCESS");
		assertThat(supervisor.client().get("/hello").body()).isEqualTo("Third from generation " + third + "\n");
		JsonNode status = supervisor.status();
		assertThat(status.get("rollbackWindow").get("generation").asInt()).isEqualTo(third);
		assertThat(status.get("rollbackWindow").get("previousGeneration").asInt()).isEqualTo(second);
		await().atMost(Duration.ofSeconds(40)).untilAsserted(
				() -> assertThat(supervisor.workerStates()).containsExactly(second + ":STANDBY", third + ":ACTIVE"));
		assertThat(supervisor.workerPids()).doesNotContain(first).contains(secondPid);
		assertThat(supervisor.log()).contains("ends early (generation " + third + " starts)");
	}

	@Test
	@Order(5)
	void killedStandingByWorkerEndsTheWindowAndTheNewOneServesOn() throws Exception {
		SupervisorProcess supervisor = window();
		int serving = supervisor.status().get("currentGeneration").asInt();
		long first = pidOf(supervisor.status(), serving);
		int next = nextGeneration(supervisor);
		ExternalConfig.write(config(WINDOW), "sample.greeting=Fifth", "hotreload.rollback.window=60s");
		assertThat(switchTo(supervisor, next)).isEqualTo("SUCCESS");
		// Whatever stood by before (the scenario before left a window open) is gone by now.
		await().atMost(Duration.ofSeconds(40)).untilAsserted(
				() -> assertThat(supervisor.workerStates()).containsExactly(serving + ":STANDBY", next + ":ACTIVE"));
		long second = pidOf(supervisor.status(), next);
		SupervisorProcess.kill("KILL", first);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> supervisor.status().get("rollbackWindow").isNull()
					&& supervisor.workerPids().equals(List.of(second)));
		assertThat(supervisor.log()).contains("standing by for a rollback, exited with code 137",
				"ends and it serves on");
		assertThat(supervisor.client().get("/hello").body()).isEqualTo("Fifth from generation " + next + "\n");
		assertThat(supervisor.status().get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
		// Nothing replaces the worker that stood by: the serving one serves on, alone.
		RunningSample.sleep(1000);
		assertThat(supervisor.liveWorkers()).extracting(ProcessHandle::pid).containsExactly(second);
	}

	/** The generation the next reload starts: numbers are never reused, a failed one's neither. */
	private static int nextGeneration(SupervisorProcess supervisor) throws Exception {
		JsonNode status = supervisor.status();
		JsonNode last = status.get("lastReload");
		int current = status.get("currentGeneration").asInt();
		return Math.max(current, (last == null || last.isNull()) ? 0 : last.get("generation").asInt()) + 1;
	}

	/** Reloads by SIGHUP and waits for the reload to end: its result, as {@code lastReload}. */
	private static String switchTo(SupervisorProcess supervisor, int generation) throws Exception {
		supervisor.signal("HUP");
		return awaitReload(supervisor, generation).get("outcome").asText();
	}

	private static JsonNode awaitReload(SupervisorProcess supervisor, int generation) {
		return await().atMost(Duration.ofSeconds(200))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> supervisor.status().get("lastReload"),
					(last) -> last != null && !last.isNull() && last.get("generation").asInt() == generation);
	}

	/** The pid of the worker started for a generation, from the supervisor's log. */
	private static long pidOf(String log, int generation) {
		Matcher started = Pattern.compile("Started worker (\\d+) \\(generation " + generation + "\\)")
			.matcher(log);
		assertThat(started.find()).as("worker of generation " + generation + " started").isTrue();
		return Long.parseLong(started.group(1));
	}

	private static long onlyWorker(SupervisorProcess supervisor) {
		List<Long> pids = supervisor.workerPids();
		assertThat(pids).hasSize(1);
		return pids.get(0);
	}

	private static long pidOf(JsonNode status, int generation) {
		for (JsonNode worker : status.get("workers")) {
			if (worker.get("generation").asInt() == generation) {
				return worker.get("pid").asLong();
			}
		}
		throw new AssertionError("No worker of generation " + generation + " in " + status);
	}

	private static void awaitJobRun(SupervisorProcess supervisor, int generation, Instant after) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> JobRuns.fromJson(supervisor.client().get("/jobs").body())
				.stream()
				.anyMatch((run) -> run.generation() == generation && run.start().isAfter(after)));
	}

}
