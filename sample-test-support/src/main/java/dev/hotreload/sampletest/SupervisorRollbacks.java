package dev.hotreload.sampletest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sampletest.RawHttpConnection.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process-mode rollback under load, the same on every server: a worker whose health
 * goes down 2 s after the switch, within its rollback window, hands back to the worker
 * that stood by (the same JVM as before the reload); no request fails, and the reload ends
 * {@code ROLLED_BACK} with the health group's reason, in the status, the metrics and the
 * supervisor's log. The sample needs its {@code sample.health.down-after} indicator in the
 * readiness group and the metrics endpoint exposed.
 */
public final class SupervisorRollbacks {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String OPERATOR = "Basic "
			+ Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8));

	private SupervisorRollbacks() {
	}

	/**
	 * Runs the rollback and checks what it left.
	 * @param supervisor the supervisor, serving one worker
	 * @param config the directory of the extra configuration its workers read as they start
	 * @param reloadTimeout how long a reload may take
	 * @param server the server's name, for the printed line
	 */
	public static void rollBackUnderLoad(SampleSupervisor supervisor, Path config, Duration reloadTimeout,
			String server) throws Exception {
		int serving = supervisor.status().get("currentGeneration").asInt();
		List<Long> previous = supervisor.workerPids();
		assertThat(previous).hasSize(1);
		int flaky = SupervisorReloads.nextGeneration(supervisor);
		ExternalConfig.write(config, "hotreload.drain-timeout=10s", "sample.health.down-after=2s",
				"hotreload.rollback.window=30s");
		String answer;
		// One keep-alive connection idle across the switch and the rollback: the worker that
		// stands by hands it to the new worker between requests, and the new worker hands it
		// back as it retires; it is never closed.
		List<Response> idleAnswers = new ArrayList<>();
		boolean idleClosed;
		// Lighter than the context-mode tests' load: a worker JVM starts beside the serving one.
		LoadGenerator load = new LoadGenerator(supervisor.port(), 2, 1, 2, 700);
		try (CloseableHttpClient operator = TestHttpClients.client(true, reloadTimeout);
				RawHttpConnection idle = new RawHttpConnection(supervisor.port())) {
			idleAnswers.add(idle.exchange("/hello"));
			Thread.sleep(500);
			HttpPost reload = new HttpPost(supervisor.url("/actuator/reload"));
			reload.setHeader("Authorization", OPERATOR);
			answer = operator.execute(reload, (response) -> EntityUtils.toString(response.getEntity()));
			// The first may still be the standing-by worker's (it moves after its answer), the second not.
			idleAnswers.add(idle.exchange("/hello"));
			idleAnswers.add(idle.exchange("/hello"));
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.ignoreExceptions()
				.until(() -> supervisor.status().get("currentGeneration").asInt() == serving);
			// The previous worker under the same load again.
			Thread.sleep(1000);
			idleAnswers.add(idle.exchange("/hello"));
			idleAnswers.add(idle.exchange("/hello"));
			idleClosed = idle.closedByServer(200);
		}
		finally {
			load.close();
			ExternalConfig.write(config, "hotreload.drain-timeout=10s");
		}
		long flakyPid = SupervisorReloads.workerPid(supervisor, flaky);
		JsonNode drain = supervisor.awaitRetired(flaky);
		String rolledBack = supervisor.log()
			.lines()
			.filter((line) -> line.contains("Rolled back generation " + flaky))
			.findFirst()
			.orElse("(no rollback logged)");
		List<String> idleGenerations = idleAnswers.stream()
			.map((response) -> response.headers().get("x-app-generation"))
			.toList();
		System.out.println(server + " process rollback under load: " + load.succeeded() + " requests, "
				+ load.failures().size() + " failed, generations " + load.generationsSeen() + "; " + rolledBack + "; "
				+ drain + "; one idle keep-alive connection answered by generations " + idleGenerations);
		assertThat(json.readTree(answer).path("outcome").asText()).as(answer).isEqualTo("SUCCESS");
		assertThat(json.readTree(answer).path("generation").asInt()).isEqualTo(flaky);
		assertThat(load.failures()).isEmpty();
		assertThat(idleAnswers).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers().get("connection")).isNotEqualToIgnoringCase("close");
		});
		assertThat(idleClosed).isFalse();
		assertThat(idleGenerations.get(0)).isEqualTo(String.valueOf(serving));
		assertThat(idleGenerations.get(2)).isEqualTo(String.valueOf(flaky));
		assertThat(idleGenerations.get(4)).isEqualTo(String.valueOf(serving));
		assertThat(load.generationsSeen()).containsExactlyInAnyOrder(serving, flaky);
		JsonNode status = supervisor.status();
		assertThat(status.get("currentGeneration").asInt()).isEqualTo(serving);
		assertThat(status.get("rollbackWindow").isNull()).isTrue();
		assertThat(status.get("lastReload").get("generation").asInt()).isEqualTo(flaky);
		assertThat(status.get("lastReload").get("outcome").asText()).isEqualTo("ROLLED_BACK");
		assertThat(status.get("lastReload").get("error").asText())
			.contains("health DOWN: readiness group, sample DOWN {reason=sample.health.down-after=PT2S");
		assertThat(supervisor.workerPids()).isEqualTo(previous);
		assertThat(ProcessHandle.of(flakyPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(supervisor.get("/hello").generation()).isEqualTo(String.valueOf(serving));
		assertThat(rolledBack).contains("(worker " + flakyPid + "): health DOWN",
				"worker " + previous.get(0) + " (generation " + serving + ") serves again");
		assertThat(supervisor.get("/actuator/metrics/hotreload.reloads?tag=outcome:rolled_back").body())
			.contains("\"value\":1.0");
	}

}
