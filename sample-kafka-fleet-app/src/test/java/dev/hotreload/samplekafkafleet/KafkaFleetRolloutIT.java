package dev.hotreload.samplekafkafleet;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.hotreload.sampletest.FleetRolloutAssertions;
import dev.hotreload.sampletest.FleetStatusJson;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet on Spring Cloud Bus over Kafka, with the same code as on RabbitMQ: three
 * members in context mode, each a JVM of its own, on a Kafka broker embedded in the test
 * JVM. One POST on c reloads a, b and c one at a time under load with no failed request;
 * a bad change on b halts the next rollout and leaves c untouched; a member d that joins
 * while a rollout runs is not reloaded by it, and the rollout lists it. The scenarios share
 * the members and run in order; bus ids order the members, and c, which coordinates, goes
 * last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFleetRolloutIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Generous: every wait ends as soon as its condition holds; the bound is for a machine
	// whose cores are busy with other tests.
	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private static Path directory;

	private static EmbeddedKafkaKraftBroker broker;

	private static KafkaFleetMember a;

	private static KafkaFleetMember b;

	private static KafkaFleetMember c;

	private static KafkaFleetMember d;

	@BeforeAll
	static void startFleet() throws Exception {
		directory = Files.createTempDirectory("kafka-fleet-it");
		// The bus's topic made before the members start, rather than by three binders at once.
		broker = new EmbeddedKafkaKraftBroker(1, 1, "springCloudBus");
		broker.afterPropertiesSet();
		// Short heartbeat and settle time; the step timeout bounds a step on a busy machine.
		String[] fleet = { "--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=1s",
				"--hotreload.fleet.step-timeout=60s" };
		a = KafkaFleetMember.start("kafka-fleet:a", directory, broker.getBrokersAsString(), fleet);
		b = KafkaFleetMember.start("kafka-fleet:b", directory, broker.getBrokersAsString(), fleet);
		c = KafkaFleetMember.start("kafka-fleet:c", directory, broker.getBrokersAsString(), fleet);
		for (KafkaFleetMember member : members()) {
			member.awaitServing();
		}
	}

	@AfterAll
	static void stopFleet() throws Exception {
		for (KafkaFleetMember member : new KafkaFleetMember[] { a, b, c, d }) {
			if (member != null) {
				member.close();
			}
		}
		if (broker != null) {
			broker.destroy();
		}
	}

	@Test
	@Order(1)
	void onePostReloadsEveryMemberOneAtATimeUnderLoad() throws Exception {
		for (KafkaFleetMember member : members()) {
			await().atMost(PATIENCE)
				.until(member::members, (ids) -> ids.equals(List.of("kafka-fleet:a", "kafka-fleet:b", "kafka-fleet:c")));
		}
		List<LoadGenerator> loads = new ArrayList<>();
		try {
			// On each: a keep-alive client and one that opens a connection per request.
			for (KafkaFleetMember member : members()) {
				loads.add(new LoadGenerator(member.port(), "/hello", 1, 1));
			}
			await().atMost(PATIENCE).until(() -> loads.stream().allMatch((load) -> load.succeeded() > 0));
			HttpResponse<String> answer = c.post("/actuator/reload/fleet");
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			JsonNode started = json.readTree(answer.body());
			assertThat(started.path("state").asString()).isEqualTo("RUNNING");
			assertThat(FleetStatusJson.stepIds(started)).containsExactly("kafka-fleet:a", "kafka-fleet:b", "kafka-fleet:c");

			FleetRolloutAssertions.everyStepSucceeded(awaitEnded(c, started.path("id").asString()), 1);
			// One at a time: each member's reload started after the previous one's ended.
			assertThat(b.lastReloadStarted()).isAfter(a.lastReloadEnded());
			assertThat(c.lastReloadStarted()).isAfter(b.lastReloadEnded());
			for (KafkaFleetMember member : members()) {
				assertThat(member.generation()).isEqualTo(2);
				assertThat(member.status().path("lastReload").path("trigger").asString()).isEqualTo("FLEET");
				await().atMost(PATIENCE)
					.until(() -> "SUCCEEDED".equals(member.rollout().path("state").asString()));
			}
			// Every member serves generation 2 now: each load sees it.
			await().atMost(PATIENCE).until(() -> loads.stream().allMatch((load) -> load.generationsSeen().contains(2)));
		}
		finally {
			for (LoadGenerator load : loads) {
				load.close();
			}
		}
		for (LoadGenerator load : loads) {
			assertThat(load.failures()).isEmpty();
			assertThat(load.generationsSeen()).containsExactlyInAnyOrder(1, 2);
		}
	}

	@Test
	@Order(2)
	void aBadChangeOnTheSecondMemberHaltsTheRolloutAndLeavesTheThirdUntouched() throws Exception {
		b.configure("sample.broken=true\n");
		HttpResponse<String> answer = c.post("/actuator/reload/fleet");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

		JsonNode rollout = awaitEnded(c, json.readTree(answer.body()).path("id").asString());
		FleetRolloutAssertions.haltedAtTheSecond(rollout, "sample.broken is set");
		assertThat(a.generation()).isEqualTo(3);
		assertThat(b.generation()).isEqualTo(2);
		assertThat(c.generation()).isEqualTo(2);
		assertThat(b.get("/hello").body()).isEqualTo("2");
	}

	@Test
	@Order(3)
	void aMemberThatJoinsDuringARolloutIsNotReloadedByIt() throws Exception {
		// a's next generation waits for the gate, so that the rollout runs while d joins.
		Path gate = directory.resolve("a-start-gate");
		b.configure("");
		a.configure("sample.start-gate=" + gate + "\n");
		List<Integer> before = members().stream().map(KafkaFleetMember::generation).toList();
		HttpResponse<String> answer = c.post("/actuator/reload/fleet");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		String id = json.readTree(answer.body()).path("id").asString();
		try {
			d = KafkaFleetMember.start("kafka-fleet:d", directory, broker.getBrokersAsString(),
					"--hotreload.fleet.heartbeat=1s", "--hotreload.fleet.settle=1s", "--hotreload.fleet.step-timeout=60s");
			d.awaitServing();
			// The coordinator heard d while its rollout waits for a's new generation.
			await().atMost(PATIENCE).until(() -> c.members().contains("kafka-fleet:d"));
			assertThat(c.rollout().path("id").asString()).isEqualTo(id);
			assertThat(c.rollout().path("state").asString()).isEqualTo("RUNNING");
		}
		finally {
			Files.createFile(gate);
		}
		JsonNode rollout = awaitEnded(c, id);
		assertThat(rollout.path("state").asString()).as(rollout.toString()).isEqualTo("SUCCEEDED");
		assertThat(FleetStatusJson.stepIds(rollout)).containsExactly("kafka-fleet:a", "kafka-fleet:b", "kafka-fleet:c");
		for (int i = 0; i < 3; i++) {
			JsonNode step = rollout.path("steps").get(i);
			assertThat(step.path("outcome").asString()).as(step.toString()).isEqualTo("SUCCESS");
			assertThat(step.path("fromGeneration").asInt()).isEqualTo(before.get(i));
			assertThat(step.path("toGeneration").asInt()).isGreaterThan(before.get(i))
				.isEqualTo(members().get(i).generation());
		}
		assertThat(rollout.path("joinedDuring").toString()).isEqualTo("[\"kafka-fleet:d\"]");
		assertThat(d.generation()).isEqualTo(1);
		// d hears how the rollout it joined during ended, as every member does.
		await().atMost(PATIENCE).until(() -> FleetStatusJson.hasEnded(d.rollout(), id)
				&& "SUCCEEDED".equals(d.rollout().path("state").asString()));
	}

	private static List<KafkaFleetMember> members() {
		return List.of(a, b, c);
	}

	/** The rollout once it ended, as the member shows it. */
	private static JsonNode awaitEnded(KafkaFleetMember member, String id) {
		return await().atMost(PATIENCE).until(member::rollout, (rollout) -> FleetStatusJson.hasEnded(rollout, id));
	}

}
