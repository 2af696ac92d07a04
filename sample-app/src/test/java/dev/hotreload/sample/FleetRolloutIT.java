package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.FleetRolloutAssertions;
import dev.hotreload.sampletest.FleetStatusJson;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three instances on a real RabbitMQ node, each reloading in its own mode: a and
 * b in context mode, c in process mode (a supervisor whose worker runs the jar on its
 * disk). One POST rolls a reload out to all three, one at a time, under load, and c's new
 * jar with it; a bad change halts it; the broker down answers 503, and members come back
 * when it does; two POSTs at the same moment on two members start one rollout; a
 * coordinator killed mid-rollout leaves the rollout abandoned. The scenarios share the
 * instances and run in order. Members' bus ids order them: a, b, then c, which coordinates
 * (the coordinator goes last), so c's own step retires the worker that coordinates.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetRolloutIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Generous: every wait ends as soon as its condition holds; the bound is for a machine
	// whose cores are busy with other tests.
	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private static Path directory;

	private static RabbitMqNode broker;

	private static FleetMemberProcess a;

	private static FleetMemberProcess b;

	private static FleetMemberProcess c;

	private static Path cJar;

	@BeforeAll
	static void startFleet() throws Exception {
		directory = Files.createTempDirectory("fleet-it");
		broker = RabbitMqNode.start(directory.resolve("rabbitmq"));
		// Short heartbeat and settle time. The step timeout bounds a step (c's is a new
		// worker JVM: 10 s median, 39 s at most in a CI run at a load average of 50 to 70),
		// and a coordinator silent that long is called gone (a and b call c gone after 60 s).
		// c coordinates the rollout under load, so it waits longer.
		String[] fleet = { "--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=1s",
				"--hotreload.fleet.step-timeout=60s" };
		a = FleetMemberProcess.start("sample-app:a", directory, broker.port(), fleet);
		b = FleetMemberProcess.start("sample-app:b", directory, broker.port(), fleet);
		cJar = SampleJars.copyTo(Files.createDirectories(directory.resolve("c-home")));
		c = FleetMemberProcess.startInProcessMode("sample-app:c", cJar, directory, broker.port(),
				"--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=1s", "--hotreload.fleet.step-timeout=120s");
		ExecutorService starting = Executors.newFixedThreadPool(3);
		try {
			List<Future<FleetMemberProcess>> serving = new ArrayList<>();
			for (FleetMemberProcess member : List.of(a, b, c)) {
				serving.add(starting.submit((Callable<FleetMemberProcess>) member::awaitServing));
			}
			for (Future<FleetMemberProcess> member : serving) {
				member.get();
			}
		}
		finally {
			starting.shutdownNow();
		}
		awaitMembers(a, b, c);
	}

	@AfterAll
	static void stopFleet() throws Exception {
		for (FleetMemberProcess member : new FleetMemberProcess[] { a, b, c }) {
			if (member != null) {
				member.close();
			}
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	@Order(1)
	void onePostReloadsEveryMemberOneAtATimeInItsOwnModeUnderLoad() throws Exception {
		for (FleetMemberProcess member : List.of(a, b, c)) {
			assertThat(member.client().get("/hello").build()).isEqualTo("v1");
			assertThat(member.modes()).containsExactly(entry("sample-app:a", "CONTEXT"),
					entry("sample-app:b", "CONTEXT"), entry("sample-app:c", "PROCESS"));
		}
		SampleJars.copyOver(SampleJars.withBuild("v2", directory.resolve("v2.jar")), cJar);
		long cFirstWorker = c.workerPid();
		// On each: a keep-alive client, one that opens a connection per request, both pausing
		// 10 ms between requests, and a slow keep-alive client (300 ms requests).
		try (LoadGenerator loadA = new LoadGenerator(a.port(), 1, 1, 1, 300);
				LoadGenerator loadB = new LoadGenerator(b.port(), 1, 1, 1, 300);
				LoadGenerator loadC = new LoadGenerator(c.port(), 1, 1, 1, 300)) {
			RunningSample.sleep(500);
			RunningSampleClient.Answer answer = c.client().reload("/fleet");
			assertThat(answer.status()).as(answer.body()).isEqualTo(202);
			JsonNode started = json.readTree(answer.body());
			String id = started.path("id").asString();
			assertThat(started.path("state").asString()).isEqualTo("RUNNING");
			assertThat(FleetStatusJson.stepIds(started)).containsExactly("sample-app:a", "sample-app:b", "sample-app:c");

			// c's own step retires the worker that coordinates: the one that serves c next
			// tells how the rollout ended.
			FleetRolloutAssertions.everyStepSucceeded(awaitEnded(c, id), 1);
			// One at a time: each member's reload started after the previous one's switch.
			assertThat(b.lastReloadStarted()).isAfter(a.lastReloadSwitched());
			assertThat(c.lastReloadStarted()).isAfter(b.lastReloadSwitched());
			for (FleetMemberProcess member : List.of(a, b, c)) {
				assertThat(member.generation()).isEqualTo(2);
				JsonNode lastReload = member.status().path("lastReload");
				assertThat(lastReload.path("trigger").asString()).isEqualTo("FLEET");
				assertThat(lastReload.path("kind").asString()).isEqualTo((member == c) ? "PROCESS" : "CONTEXT");
				// Every member heard how it ended.
				await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(member.rollout().path("state").asString()));
				// Still three members: a worker is never a member of its own.
				assertThat(member.members()).containsExactly("sample-app:a", "sample-app:b", "sample-app:c");
			}
			// c runs the new jar, and its first worker, the coordinator's included, is gone.
			assertThat(c.client().get("/hello").build()).isEqualTo("v2");
			await().atMost(PATIENCE).until(() -> c.status().path("workers").size() == 1);
			assertThat(c.workerPid()).isNotEqualTo(cFirstWorker);
			RunningSample.sleep(500);
			assertThat(loadA.failures()).isEmpty();
			assertThat(loadB.failures()).isEmpty();
			assertThat(loadC.failures()).isEmpty();
			assertThat(loadA.generationsSeen()).contains(1, 2);
			assertThat(loadB.generationsSeen()).contains(1, 2);
			assertThat(loadC.generationsSeen()).contains(1, 2);
			assertThat(loadC.buildsSeen()).contains("v1", "v2");
		}
		// Counted by c's first worker, which coordinated it, and held by c's supervisor: its
		// new worker shows the count.
		await().atMost(PATIENCE)
			.until(() -> c.prometheus().contains("hotreload_fleet_rollouts_total{outcome=\"succeeded\"} 1.0"));
		assertThat(c.prometheus()).contains("hotreload_fleet_members 3.0")
			.contains("hotreload_reloads_total{outcome=\"success\",trigger=\"fleet\"} 1.0");
	}

	@Test
	@Order(2)
	void aBadChangeOnTheSecondMemberHaltsTheRolloutAndLeavesTheThirdUntouched() throws Exception {
		// b's next generation is unhealthy: the health gate keeps b on its generation.
		b.configure("sample.health.down=true\n");
		RunningSampleClient.Answer answer = c.client().reload("/fleet");
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		String id = json.readTree(answer.body()).path("id").asString();

		JsonNode rollout = awaitEnded(c, id);
		FleetRolloutAssertions.haltedAtTheSecond(rollout, "health");
		assertThat(a.generation()).isEqualTo(3);
		assertThat(b.generation()).isEqualTo(2);
		assertThat(c.generation()).isEqualTo(2);
		assertThat(c.status().path("lastReload").path("trigger").asString()).isEqualTo("FLEET");
		assertThat(c.prometheus()).contains("hotreload_fleet_rollouts_total{outcome=\"halted\"} 1.0")
			.contains("hotreload_fleet_rollouts_total{outcome=\"succeeded\"} 1.0");
		b.configure("");
	}

	@Test
	@Order(3)
	void twoPostsAtTheSameMomentOnTwoMembersStartOneRolloutAndTheOtherAnswers409() throws Exception {
		List<Integer> before = generations();
		long cWorkerBefore = c.workerPid();
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<RunningSampleClient.Answer>> posts = new ArrayList<>();
		for (FleetMemberProcess member : List.of(a, b)) {
			posts.add(CompletableFuture.supplyAsync(() -> {
				awaitQuietly(go);
				return member.client().reload("/fleet");
			}));
		}
		go.countDown();
		RunningSampleClient.Answer onA = posts.get(0).get(2, TimeUnit.MINUTES);
		RunningSampleClient.Answer onB = posts.get(1).get(2, TimeUnit.MINUTES);
		assertThat(List.of(onA.status(), onB.status())).as(onA.body() + "\n" + onB.body())
			.containsExactlyInAnyOrder(202, 409);
		boolean aRuns = onA.status() == 202;
		RunningSampleClient.Answer started = aRuns ? onA : onB;
		RunningSampleClient.Answer refused = aRuns ? onB : onA;
		String id = json.readTree(started.body()).path("id").asString();
		assertThat(json.readTree(refused.body()).path("running").path("id").asString()).as(refused.body())
			.isEqualTo(id);

		JsonNode rollout = awaitEnded(aRuns ? a : b, id);
		assertThat(rollout.path("state").asString()).as(rollout.toString()).isEqualTo("SUCCEEDED");
		// Every member reloaded once, by the one rollout: each serves the generation its step
		// started (a failed reload before used a number, so it is not always one more).
		List<FleetMemberProcess> members = List.of(a, b, c);
		assertThat(FleetStatusJson.stepIds(rollout))
			.containsExactlyInAnyOrderElementsOf(members.stream().map(FleetMemberProcess::id).toList());
		for (JsonNode step : rollout.path("steps")) {
			int index = members.stream().map(FleetMemberProcess::id).toList().indexOf(step.path("id").asString());
			assertThat(step.path("state").asString()).as(step.toString()).isEqualTo("SUCCEEDED");
			assertThat(step.path("toGeneration").asInt()).as(step.toString()).isGreaterThan(before.get(index));
			assertThat(members.get(index).generation()).as(step.toString())
				.isEqualTo(step.path("toGeneration").asInt());
		}
		for (FleetMemberProcess member : List.of(a, b, c)) {
			await().atMost(PATIENCE).until(() -> id.equals(member.rollout().path("id").asString())
					&& "SUCCEEDED".equals(member.rollout().path("state").asString()));
		}
		// c's counters never reset: its third worker alone serves now, and shows what its
		// first (succeeded) and second (halted) counted, held by its supervisor.
		await().atMost(PATIENCE)
			.until(() -> c.status().path("workers").size() == 1 && c.workerPid() != cWorkerBefore);
		assertThat(c.prometheus()).contains("hotreload_fleet_rollouts_total{outcome=\"succeeded\"} 1.0")
			.contains("hotreload_fleet_rollouts_total{outcome=\"halted\"} 1.0");
	}

	@Test
	@Order(4)
	void withTheBrokerDownAPostAnswers503AndReloadsNothingThenMembersComeBack() throws Exception {
		List<Integer> before = generations();
		String last = c.rollout().path("id").asString();
		broker.stop();
		RunningSampleClient.Answer answer = c.client().reload("/fleet");
		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(json.readTree(answer.body()).path("error").asString()).contains("nothing was reloaded");
		assertThat(generations()).isEqualTo(before);
		// No rollout was started: the last one is still the one before.
		assertThat(c.rollout().path("id").asString()).isEqualTo(last);

		broker.start();
		awaitMembers(a, b, c);
	}

	@Test
	@Order(5)
	void aCoordinatorKilledMidRolloutLeavesTheRolloutAbandoned() throws Exception {
		// a's next generation takes 10 s to be ready: the rollout is still at its first step
		// when the test sees it there and kills the coordinator.
		int aGeneration = a.generation();
		a.configure("sample.startup-delay=10s\n");
		RunningSampleClient.Answer answer = c.client().reload("/fleet");
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		String id = json.readTree(answer.body()).path("id").asString();
		await().atMost(PATIENCE).until(() -> id.equals(b.rollout().path("id").asString()));

		RunningSampleClient.Answer second = c.client().reload("/fleet");
		assertThat(second.status()).as(second.body()).isEqualTo(409);
		assertThat(second.body()).contains(id);

		int bGeneration = b.generation();
		// The supervisor and its worker, at once.
		c.kill();
		// Until the coordinator was silent for a step timeout, the rollout runs for the others.
		RunningSampleClient.Answer elsewhere = b.client().reload("/fleet");
		assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(409);
		assertThat(elsewhere.body()).contains(id);

		for (FleetMemberProcess member : List.of(a, b)) {
			await().atMost(PATIENCE).until(() -> "ABANDONED".equals(member.rollout().path("state").asString()));
			assertThat(member.rollout().path("id").asString()).isEqualTo(id);
		}
		// a finished the reload it had started, on its own.
		await().atMost(PATIENCE).until(() -> a.generation() == aGeneration + 1);
		assertThat(a.status().path("lastReload").path("outcome").asString()).isEqualTo("SUCCESS");
		assertThat(b.generation()).isEqualTo(bGeneration);
		assertThat(a.prometheus()).contains("hotreload_fleet_rollouts_total{outcome=\"abandoned\"} 1.0");
	}

	private static List<Integer> generations() throws Exception {
		return List.of(a.generation(), b.generation(), c.generation());
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitMembers(FleetMemberProcess... members) {
		List<String> ids = Arrays.stream(members).map(FleetMemberProcess::id).toList();
		for (FleetMemberProcess member : members) {
			await().atMost(PATIENCE)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> member.members().containsAll(ids));
		}
	}

	private static JsonNode awaitEnded(FleetMemberProcess coordinator, String id) {
		return await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(250))
			.until(coordinator::rollout, (rollout) -> FleetStatusJson.hasEnded(rollout, id));
	}

}
