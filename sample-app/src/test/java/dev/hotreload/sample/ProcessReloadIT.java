package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode end to end: real supervisor and worker JVMs started from the sample's
 * runnable jar, real signals, real load. A new build of the code is deployed by replacing
 * the jar on disk, and no client sees an error.
 */
class ProcessReloadIT {

	private static final Duration EXIT_BOUND = Duration.ofSeconds(40);

	@TempDir
	Path temp;

	@Test
	void deploysNewCodeUnderLoadWithoutAnError() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path v2 = SampleJars.withBuild("v2", this.temp.resolve("v2.jar"));
		Path v3 = SampleJars.failingAtStartup("v3", this.temp.resolve("v3.jar"));
		Set<Long> pids = new HashSet<>();
		List<String> reloadFailures = new ArrayList<>();
		List<String> failuresBeforeKill = new ArrayList<>();
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort()).awaitServing()) {
			RunningSampleClient http = supervisor.client();
			assertThat(http.get("/hello").build()).isEqualTo("v1");
			long first = supervisor.workerPids().get(0);
			pids.add(first);
			LoadGenerator load = new LoadGenerator(supervisor.port(), 4, 2, 2, 700);
			try {
				RunningSample.sleep(1000);
				// Deploy v2 by copying over the jar in place, then SIGHUP.
				SampleJars.copyOver(v2, jar);
				supervisor.signal("HUP");
				await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(http.get("/hello").build()));
				awaitOneWorker(supervisor);
				pids.addAll(supervisor.workerPids());
				// The retired worker's drain reaches the supervisor's status: its keep-alive
				// connections moved to the new worker.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> supervisor.status().path("lastDrain").path("generation").asInt() == 1);
				assertThat(supervisor.status().get("lastDrain").get("mode").asText()).isEqualTo("MIGRATE");
				// It logged to its end, and its drain time reached the supervisor too.
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(supervisor.logOf(first))
					.anyMatch((line) -> line.contains("Retiring: generation 2 serves in another process"))
					.anyMatch((line) -> line.contains("Retired: every generation of this worker drained and closed")));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(http.get("/actuator/prometheus").body())
						.contains("hotreload_drain_duration_seconds_count 1"));
				// Deploy v1 again by mv, then POST.
				Files.copy(SampleJars.packaged(), this.temp.resolve("next.jar"));
				Files.move(this.temp.resolve("next.jar"), jar, StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
				expectSuccess(http.reload(""), "PROCESS", reloadFailures);
				assertThat(http.get("/hello").build()).isEqualTo("v1");
				awaitOneWorker(supervisor);
				pids.addAll(supervisor.workerPids());
				// A context reload runs in the serving worker's JVM: same pid, next generation.
				long servingPid = supervisor.workerPids().get(0);
				expectSuccess(http.reload("/context"), "CONTEXT", reloadFailures);
				assertThat(supervisor.workerPids()).containsExactly(servingPid);
				// v3 fails at start-up: v1 keeps serving and the cause is reported.
				Files.copy(v3, jar, StandardCopyOption.REPLACE_EXISTING);
				Answer failed = http.reload("");
				assertThat(failed.status()).isEqualTo(500);
				assertThat(failed.body()).contains("\"outcome\":\"FAILURE\"", "exited with code 1",
						"Context path must start with '/'");
				assertThat(supervisor.status().get("lastReload").get("error").asText()).contains("exited with code 1");
				assertThat(http.get("/hello").build()).isEqualTo("v1");
				// A corrupt jar fails too.
				Files.write(jar, new byte[] { 'P', 'K', 0 }, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
				Answer corrupt = http.reload("");
				assertThat(corrupt.status()).isEqualTo(500);
				assertThat(corrupt.body()).contains("\"outcome\":\"FAILURE\"", "exited with code");
				// So does a missing one.
				Files.delete(jar);
				Answer missing = http.reload("");
				assertThat(missing.status()).isEqualTo(500);
				assertThat(missing.body()).contains("\"outcome\":\"FAILURE\"", "the application jar is missing");
				awaitOneWorker(supervisor);
				assertThat(supervisor.workerPids()).containsExactly(servingPid);
				// Every reload so far: not one request failed.
				failuresBeforeKill.addAll(load.failures());
				// kill -9 of the serving worker: the supervisor replaces it, clients wait in the backlog.
				// The requests it was processing die with it; no connection is refused.
				Files.copy(v2, jar, StandardCopyOption.REPLACE_EXISTING);
				SupervisorProcess.kill("KILL", servingPid);
				await().atMost(Duration.ofSeconds(60))
					.ignoreExceptions()
					.until(() -> "v2".equals(http.get("/hello").build()));
				awaitOneWorker(supervisor);
				pids.addAll(supervisor.workerPids());
				RunningSample.sleep(1000);
			}
			finally {
				load.close();
			}
			assertThat(reloadFailures).isEmpty();
			assertThat(failuresBeforeKill).isEmpty();
			assertThat(load.failures()).noneMatch((failure) -> failure.contains("ConnectException")
					|| failure.contains("refused"));
			assertThat(load.buildsSeen()).contains("v1", "v2");
			assertThat(load.succeeded()).isGreaterThan(500);
			assertThat(pids).hasSize(4);
			JsonNode status = supervisor.status();
			assertThat(status.get("supervisor").get("pid").asLong()).isEqualTo(supervisor.pid());
			assertThat(status.get("mode").asText()).isEqualTo("PROCESS");
			// 1, 2 (v2), 3 (v1), 4 (context), 5, 6 and 7 failed, 8 (replacement)
			assertThat(status.get("currentGeneration").asInt()).isEqualTo(8);
			assertThat(http.get("/actuator/prometheus").body()).contains("hotreload_generation 8.0",
					"hotreload_reloads_total{outcome=\"success\",trigger=\"signal\"} 1.0",
					"hotreload_reloads_total{outcome=\"success\",trigger=\"endpoint\"} 2.0",
					"hotreload_reloads_total{outcome=\"success\",trigger=\"replacement\"} 1.0",
					"hotreload_reloads_total{outcome=\"failure\",trigger=\"endpoint\"} 3.0",
					"hotreload_reload_duration_seconds_count 4");
			assertThat(status.get("lastReload").get("trigger").asText()).isEqualTo("REPLACEMENT");
			sigtermDuringAProcessReloadExitsInBoundedTimeAndLeavesNothing(supervisor);
		}
	}

	/**
	 * The end of the test above, on its supervisor: SIGTERM while a new worker starts stops
	 * the supervisor in bounded time, with every worker, and the reload is answered 503.
	 */
	private static void sigtermDuringAProcessReloadExitsInBoundedTimeAndLeavesNothing(SupervisorProcess supervisor)
			throws Exception {
		CompletableFuture<Answer> reload = CompletableFuture.supplyAsync(() -> supervisor.client().reload(""));
		await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.liveWorkers().size() >= 2);
		List<ProcessHandle> workers = supervisor.liveWorkers();
		supervisor.signal("TERM");
		assertThat(supervisor.waitFor(EXIT_BOUND)).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(SupervisorProcess.isRefused(supervisor.port())).isTrue();
		assertThat(supervisor.log()).contains("Supervisor shutting down", "Supervisor stopped");
		Answer answer = reload.get();
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.body()).contains("REJECTED");
	}

	private static void expectSuccess(Answer answer, String kind, List<String> failures) {
		if (answer.status() != 200 || !answer.body().contains("\"kind\":\"" + kind + "\"")) {
			failures.add(answer.status() + " " + answer.body());
		}
	}

	private static void awaitOneWorker(SupervisorProcess supervisor) {
		await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.workerPids().size() == 1);
	}

	@Test
	void sigintStopsTheSupervisorAndItsWorkersWhichIgnoreItThemselves() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		// SIGINT at its default, as a terminal leaves it: this test's JVM may have it ignored
		// (a background job of a script), and the supervisor would inherit that.
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(List.of("env", "--default-signal=INT"), List.of("-jar", jar.toString()), this.temp,
					RunningSampleClient.freePort())
			.awaitServing()) {
			assertThat(supervisor.log()).doesNotContain("SIGINT is ignored");
			long worker = supervisor.workerPids().get(0);
			// A terminal's Ctrl-C reaches the workers too; they leave stopping to the supervisor.
			SupervisorProcess.kill("INT", worker);
			RunningSample.sleep(2000);
			assertThat(supervisor.workerPids()).containsExactly(worker);
			assertThat(supervisor.client().get("/hello").status()).isEqualTo(200);
			List<ProcessHandle> workers = supervisor.liveWorkers();
			supervisor.signal("INT");
			assertThat(supervisor.waitFor(EXIT_BOUND)).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
			assertThat(SupervisorProcess.isRefused(supervisor.port())).isTrue();
			assertThat(supervisor.log()).contains("Supervisor stopped; the listening socket is closed");
		}
	}

	@Test
	void workersDoNotOutliveASupervisorKilledWithSigkill() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort()).awaitServing()) {
			List<ProcessHandle> workers = supervisor.liveWorkers();
			assertThat(workers).isNotEmpty();
			supervisor.signal("KILL");
			await().atMost(EXIT_BOUND).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
			assertThat(SupervisorProcess.isRefused(supervisor.port())).isTrue();
		}
	}

	@Test
	void refusesAManagementServerOnAPortOfItsOwn() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort(),
				"--management.server.port=" + RunningSampleClient.freePort())) {
			assertThat(supervisor.waitFor(EXIT_BOUND)).isTrue();
			assertThat(supervisor.process().exitValue()).isEqualTo(1);
			assertThat(supervisor.log()).contains("cannot run with management.server.port");
			assertThat(supervisor.liveWorkers()).isEmpty();
		}
	}

}
