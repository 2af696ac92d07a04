package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three instances in process mode (three supervisors, each with its worker) on
 * a real RabbitMQ node: a new jar is written over each instance's jar on disk, and one
 * POST rolls it out, one instance at a time, under load on all three, without a failed
 * request. Each instance stays one member across its workers: the coordinator, c, asks
 * the instance, whichever worker serves it.
 */
class FleetProcessRolloutIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Generous: every wait ends as soon as its condition holds; the bound is for a machine
	// whose cores are busy with other tests.
	private static final Duration PATIENCE = Duration.ofMinutes(15);

	private static Path directory;

	private static RabbitMqNode broker;

	private static List<FleetMemberProcess> fleet = new ArrayList<>();

	@BeforeAll
	static void startFleet() throws Exception {
		directory = Files.createTempDirectory("fleet-process-it");
		broker = RabbitMqNode.start(directory.resolve("rabbitmq"));
		// Three instances, each starting a worker JVM beside the serving one, on two cores
		// shared with other builds: a new worker took 150 s to be ready in one run, so the
		// reload timeout is far above the sample's 60 s, and the step timeout above that. The
		// workers share one class data archive with every other supervisor the tests start
		// (one is built in the background if none exists yet).
		String[] settings = { "--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=1s",
				"--hotreload.fleet.step-timeout=720s", "--hotreload.reload-timeout=600s" };
		for (String name : List.of("a", "b", "c")) {
			Path home = Files.createDirectories(directory.resolve(name + "-home"));
			fleet.add(FleetMemberProcess.startInProcessMode("sample-app:" + name, SampleJars.copyTo(home), directory,
					broker.port(), settings));
		}
		ExecutorService starting = Executors.newFixedThreadPool(3);
		try {
			List<Future<FleetMemberProcess>> serving = new ArrayList<>();
			for (FleetMemberProcess member : fleet) {
				serving.add(starting.submit((Callable<FleetMemberProcess>) member::awaitServing));
			}
			for (Future<FleetMemberProcess> member : serving) {
				member.get();
			}
		}
		finally {
			starting.shutdownNow();
		}
		for (FleetMemberProcess member : fleet) {
			await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> member.members().equals(List.of("sample-app:a", "sample-app:b", "sample-app:c")));
		}
	}

	@AfterAll
	static void stopFleet() throws Exception {
		for (FleetMemberProcess member : fleet) {
			member.close();
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void oneRolloutDeploysTheNewJarOnEachInstanceOneAtATimeWithoutAFailedRequest() throws Exception {
		FleetMemberProcess a = fleet.get(0);
		FleetMemberProcess b = fleet.get(1);
		FleetMemberProcess c = fleet.get(2);
		for (FleetMemberProcess member : fleet) {
			assertThat(member.client().get("/hello").build()).isEqualTo("v1");
			member.status()
				.path("fleet")
				.path("members")
				.forEach((heard) -> assertThat(heard.path("mode").asString()).isEqualTo("PROCESS"));
		}
		Path v2 = SampleJars.withBuild("v2", directory.resolve("v2.jar"));
		for (String name : List.of("a", "b", "c")) {
			SampleJars.copyOver(v2, directory.resolve(name + "-home").resolve("app.jar"));
		}
		List<Long> firstWorkers = fleet.stream().map(FleetProcessRolloutIT::workerPid).toList();
		// On each: a keep-alive client, one that opens a connection per request, both pausing
		// 5 ms between requests, and a slow keep-alive client (300 ms requests).
		try (LoadGenerator loadA = new LoadGenerator(a.port(), 1, 1, 1, 300, 5);
				LoadGenerator loadB = new LoadGenerator(b.port(), 1, 1, 1, 300, 5);
				LoadGenerator loadC = new LoadGenerator(c.port(), 1, 1, 1, 300, 5)) {
			RunningSample.sleep(500);
			RunningSampleClient.Answer answer = c.client().reload("/fleet");
			assertThat(answer.status()).as(answer.body()).isEqualTo(202);
			JsonNode started = json.readTree(answer.body());
			String id = started.path("id").asString();
			assertThat(FleetMemberProcess.stepIds(started)).containsExactly("sample-app:a", "sample-app:b", "sample-app:c");

			// c's own step retires the worker that coordinates: the one that serves c next
			// tells how the rollout ended.
			await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
				JsonNode rollout = c.rollout();
				return id.equals(rollout.path("id").asString()) && !"RUNNING".equals(rollout.path("state").asString());
			});
			JsonNode rollout = c.rollout();
			assertThat(rollout.path("state").asString()).as(rollout.toString()).isEqualTo("SUCCEEDED");
			for (JsonNode step : rollout.path("steps")) {
				assertThat(step.path("state").asString()).as(step.toString()).isEqualTo("SUCCEEDED");
				assertThat(step.path("outcome").asString()).isEqualTo("SUCCESS");
				assertThat(step.path("fromGeneration").asInt()).isEqualTo(1);
				assertThat(step.path("toGeneration").asInt()).isEqualTo(2);
			}
			// Never two instances reloading at once: each started after the previous one's
			// new worker served.
			assertThat(b.lastReloadStarted()).isAfter(a.lastReloadSwitched());
			assertThat(c.lastReloadStarted()).isAfter(b.lastReloadSwitched());
			for (FleetMemberProcess member : fleet) {
				assertThat(member.client().get("/hello").build()).isEqualTo("v2");
				assertThat(member.generation()).isEqualTo(2);
				JsonNode lastReload = member.status().path("lastReload");
				assertThat(lastReload.path("trigger").asString()).isEqualTo("FLEET");
				assertThat(lastReload.path("kind").asString()).isEqualTo("PROCESS");
				await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(member.rollout().path("state").asString()));
				// Still three members: a worker is never a member of its own.
				assertThat(member.members()).containsExactly("sample-app:a", "sample-app:b", "sample-app:c");
			}
			// The retired workers, the coordinator's included once its rollout ended, are gone.
			for (int i = 0; i < fleet.size(); i++) {
				FleetMemberProcess member = fleet.get(i);
				await().atMost(PATIENCE).until(() -> member.status().path("workers").size() == 1);
				assertThat(workerPid(member)).isNotEqualTo(firstWorkers.get(i));
			}
			RunningSample.sleep(500);
			assertThat(loadA.failures()).isEmpty();
			assertThat(loadB.failures()).isEmpty();
			assertThat(loadC.failures()).isEmpty();
			assertThat(loadA.buildsSeen()).contains("v1", "v2");
			assertThat(loadB.buildsSeen()).contains("v1", "v2");
			assertThat(loadC.buildsSeen()).contains("v1", "v2");
		}
		// Counted where c goes on: its new worker heard the rollout its old one coordinated end.
		assertThat(c.prometheus()).contains("hotreload_fleet_rollouts_total{outcome=\"succeeded\"} 1.0")
			.contains("hotreload_fleet_members 3.0")
			.contains("hotreload_reloads_total{outcome=\"success\",trigger=\"fleet\"} 1.0");
	}

	private static long workerPid(FleetMemberProcess member) {
		return member.status().path("workers").get(0).path("pid").asLong();
	}

}
