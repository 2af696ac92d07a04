package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.sample.RunningSampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback in process mode, with real supervisor and worker JVMs started from the sample's
 * jar and the sample made unhealthy by its external configuration file: the previous worker
 * stands by while the new one is watched, and serves again if the new one goes down.
 */
class ProcessRollbackIT {

	@TempDir
	Path temp;

	private Path config() throws IOException {
		return Files.createDirectories(this.temp.resolve("config"));
	}

	private SupervisorProcess start(Path jar, String... args) throws IOException {
		List<String> all = new ArrayList<>(List.of(ExternalConfig.location(config()),
				"--sample.jobs.file=" + this.temp.resolve("jobs.jsonl"),
				"--sample.inbox.directory=" + this.temp.resolve("inbox"),
				"--sample.inbox.consumed-file=" + this.temp.resolve("consumed.jsonl")));
		all.addAll(List.of(args));
		return SupervisorProcess.start(jar, RunningSampleClient.freePort(), all.toArray(String[]::new));
	}

	@Test
	void newWorkerThatGoesDownInTheWindowIsRolledBackUnderLoad() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path v2 = SampleJars.withBuild("v2", this.temp.resolve("v2.jar"));
		ExternalConfig.write(config(), "sample.greeting=Hi");
		try (SupervisorProcess supervisor = start(jar).awaitServing()) {
			RunningSampleClient http = supervisor.client();
			long v1 = onlyWorker(supervisor);
			awaitJobRun(supervisor, 1, Instant.EPOCH);
			SampleJars.copyOver(v2, jar);
			ExternalConfig.write(config(), "sample.greeting=Flaky", "sample.health.down-after=2s",
					"hotreload.rollback.window=30s");
			List<String> failures;
			long requests;
			Set<String> builds;
			Set<Integer> generations;
			long v2Pid;
			Instant rolledBack;
			try (LoadGenerator load = new LoadGenerator(supervisor.port(), 4, 4, 2, 200)) {
				RunningSample.sleep(500);
				Answer switched = http.reload("");
				assertThat(switched.status()).as(switched.body()).isEqualTo(200);
				assertThat(switched.body()).contains("\"generation\":2", "\"outcome\":\"SUCCESS\"");
				JsonNode window = supervisor.status();
				assertThat(window.get("rollbackWindow").get("generation").asInt()).isEqualTo(2);
				assertThat(window.get("rollbackWindow").get("previousGeneration").asInt()).isEqualTo(1);
				assertThat(states(window)).containsExactly("1:STANDBY", "2:ACTIVE");
				v2Pid = pidOf(window, 2);
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
				.contains("hotreload_reloads_total{outcome=\"rolled_back\",trigger=\"endpoint\"} 1.0");
			assertThat(supervisor.log()).contains("WARN", "Rolled back generation 2 (worker " + v2Pid + "): health DOWN");

			// Singleton work: generation 1, then 2, then 1 again after the rollback, never overlapping.
			awaitJobRun(supervisor, 1, rolledBack);
			List<SingletonReloadTests.Run> runs = SingletonReloadTests.runs(http.get("/jobs").body());
			assertThat(SingletonReloadTests.overlaps(runs)).isEmpty();
			assertThat(SingletonReloadTests.generationsInOrder(runs)).containsSubsequence(1, 2, 1).endsWith(1);
			System.out.println("ProcessRollbackIT: " + requests + " requests under load, " + failures.size()
					+ " failed; worker " + v1 + " (generation 1) served again "
					+ supervisor.log().lines().filter((line) -> line.contains("Rolled back")).findFirst().orElse(""));
		}
	}

	@Test
	void newWorkerDownWhenReadyIsStoppedAndTheServingOneServesOn() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		ExternalConfig.write(config(), "sample.greeting=Hi");
		try (SupervisorProcess supervisor = start(jar).awaitServing()) {
			long v1 = onlyWorker(supervisor);
			ExternalConfig.write(config(), "sample.greeting=Sick", "sample.health.down=true");
			Answer refused = supervisor.client().reload("");
			assertThat(refused.status()).isEqualTo(500);
			assertThat(refused.body()).contains("\"generation\":2", "\"outcome\":\"FAILURE\"",
					"health DOWN: readiness group, sample DOWN {reason=sample.health.down=true}");
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hi from generation 1\n");
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.workerPids().equals(List.of(v1)));
			assertThat(supervisor.liveWorkers()).extracting(ProcessHandle::pid).containsExactly(v1);
		}
	}

	@Test
	void reloadDuringTheWindowKeepsTheServingWorkerAndRetiresTheStandingByOne() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		ExternalConfig.write(config(), "sample.greeting=Hi", "hotreload.rollback.window=60s");
		try (SupervisorProcess supervisor = start(jar).awaitServing()) {
			long first = onlyWorker(supervisor);
			assertThat(supervisor.client().reload("").status()).isEqualTo(200);
			long second = pidOf(supervisor.status(), 2);
			ExternalConfig.write(config(), "sample.greeting=Third", "hotreload.rollback.window=60s");
			assertThat(supervisor.client().reload("").status()).isEqualTo(200);
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Third from generation 3\n");
			JsonNode status = supervisor.status();
			assertThat(status.get("rollbackWindow").get("generation").asInt()).isEqualTo(3);
			assertThat(status.get("rollbackWindow").get("previousGeneration").asInt()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(40))
				.untilAsserted(() -> assertThat(states(supervisor.status())).containsExactly("2:STANDBY", "3:ACTIVE"));
			assertThat(supervisor.workerPids()).doesNotContain(first).contains(second);
			assertThat(supervisor.log()).contains("ends early (generation 3 starts)");
		}
	}

	@Test
	void windowThatPassesRetiresTheStandingByWorker() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		ExternalConfig.write(config(), "sample.greeting=Hi");
		try (SupervisorProcess supervisor = start(jar).awaitServing()) {
			ExternalConfig.write(config(), "sample.greeting=Fine", "hotreload.rollback.window=15s");
			assertThat(supervisor.client().reload("").status()).isEqualTo(200);
			assertThat(states(supervisor.status())).containsExactly("1:STANDBY", "2:ACTIVE");
			long second = pidOf(supervisor.status(), 2);
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Fine from generation 2\n");
			await().atMost(Duration.ofSeconds(40)).until(() -> supervisor.workerPids().equals(List.of(second)));
			JsonNode status = supervisor.status();
			assertThat(status.get("rollbackWindow").isNull()).isTrue();
			assertThat(status.get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
			assertThat(supervisor.log()).contains("passed without trouble");
		}
	}

	@Test
	void killedStandingByWorkerEndsTheWindowAndTheNewOneServesOn() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		ExternalConfig.write(config(), "sample.greeting=Hi");
		try (SupervisorProcess supervisor = start(jar).awaitServing()) {
			long first = onlyWorker(supervisor);
			ExternalConfig.write(config(), "sample.greeting=Second", "hotreload.rollback.window=60s");
			assertThat(supervisor.client().reload("").status()).isEqualTo(200);
			long second = pidOf(supervisor.status(), 2);
			SupervisorProcess.kill("KILL", first);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> supervisor.status().get("rollbackWindow").isNull()
						&& supervisor.workerPids().equals(List.of(second)));
			assertThat(supervisor.log()).contains("standing by for a rollback, exited with code 137",
					"ends and it serves on");
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Second from generation 2\n");
			assertThat(supervisor.status().get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
			// Nothing replaces the worker that stood by: the serving one serves on, alone.
			RunningSample.sleep(1000);
			assertThat(supervisor.liveWorkers()).extracting(ProcessHandle::pid).containsExactly(second);
		}
	}

	private static long onlyWorker(SupervisorProcess supervisor) {
		List<Long> pids = supervisor.workerPids();
		assertThat(pids).hasSize(1);
		return pids.get(0);
	}

	private static List<String> states(JsonNode status) {
		List<String> states = new ArrayList<>();
		status.get("workers").forEach((worker) -> states.add(worker.get("generation").asInt() + ":"
				+ worker.get("state").asText()));
		return states;
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
			.until(() -> SingletonReloadTests.runs(supervisor.client().get("/jobs").body())
				.stream()
				.anyMatch((run) -> run.generation() == generation && run.start().isAfter(after)));
	}

}
