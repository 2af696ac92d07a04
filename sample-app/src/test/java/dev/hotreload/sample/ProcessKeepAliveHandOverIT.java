package dev.hotreload.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import dev.hotreload.sampletest.IdleClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode with {@code hotreload.drain.mode=migrate}: a retiring worker hands its idle
 * keep-alive connections, still open, to the serving worker (the descriptor crosses a
 * Unix socket), so pooled clients that idle longer than the drain timeout keep their
 * connections across worker swaps. With {@code close} they do not: the control.
 */
class ProcessKeepAliveHandOverIT {

	private static final int CLIENTS = 40;

	private static final int SWAPS = 4;

	private static final Duration IDLE = Duration.ofMillis(1600);

	@TempDir
	Path temp;

	@Test
	void idlePooledClientsKeepTheirConnectionsAcrossWorkerSwaps() throws Exception {
		Seen seen = swapWorkers("migrate", SWAPS);
		assertThat(seen.failures()).isEmpty();
		assertThat(seen.reconnects()).isZero();
		// Every client was answered by every worker, on its one connection.
		assertThat(seen.generationsPerClient()).allSatisfy((generations) -> assertThat(generations)
			.containsExactlyInAnyOrder("1", "2", "3", "4", "5"));
		for (JsonNode drain : seen.drains()) {
			assertThat(drain.get("mode").asText()).isEqualTo("MIGRATE");
			assertThat(drain.get("forced").asInt()).isZero();
		}
		assertThat(seen.migrated()).isGreaterThanOrEqualTo(SWAPS * CLIENTS);
		assertThat(seen.forced()).isZero();
	}

	@Test
	void inCloseModeARetiringWorkerHandsNothingOver() throws Exception {
		Seen seen = swapWorkers("close", 1);
		assertThat(seen.migrated()).isZero();
		for (JsonNode drain : seen.drains()) {
			assertThat(drain.get("mode").asText()).isEqualTo("CLOSE");
		}
		// Idle past the drain timeout, the connections were closed under their clients.
		assertThat(seen.reconnects()).isGreaterThanOrEqualTo(CLIENTS);
	}

	private Seen swapWorkers(String mode, int swaps) throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.drain.mode=" + mode,
					"--hotreload.drain-timeout=1s", "--server.tomcat.max-keep-alive-requests=-1",
					// Worker JVMs start slowly on two shared, loaded cores.
					"--hotreload.reload-timeout=150s")
			.awaitServing(Duration.ofMinutes(3)); IdleClients clients = new IdleClients(
					"http://127.0.0.1:" + supervisor.port() + "/hello", CLIENTS, IDLE.toMillis())) {
			await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw("1"));
			List<JsonNode> drains = new ArrayList<>();
			for (int swap = 1; swap <= swaps; swap++) {
				// SIGHUP, not a POST that waits for the switch: on two loaded cores a worker JVM
				// can take longer to start than an HTTP client waits for an answer.
				supervisor.signal("HUP");
				int retired = swap;
				await().atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(200))
					.ignoreExceptions()
					.until(() -> supervisor.workerPids().size() == 1
							&& supervisor.status().path("lastDrain").path("generation").asInt() == retired);
				assertThat(supervisor.status().get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
				drains.add(supervisor.status().get("lastDrain"));
				// Every client, idle at the switch, is answered by the new worker.
				String serving = String.valueOf(swap + 1);
				await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw(serving));
			}
			String metrics = supervisor.client().get("/actuator/prometheus").body();
			clients.stop();
			System.out.println("Process mode, drain.mode=" + mode + ", " + CLIENTS + " pooled clients idling "
					+ IDLE.toMillis() + " ms, drain timeout 1 s, " + swaps + " worker swaps: " + clients.answered()
					+ " requests, " + clients.failures().size() + " failed, " + clients.reconnects() + " reconnects; "
					+ drains);
			return new Seen(clients.failures(), clients.reconnects(), clients.generationsPerClient(), drains,
					counter(metrics, "hotreload_drain_connections_total{outcome=\"migrated\"}"),
					counter(metrics, "hotreload_drain_connections_total{outcome=\"forced\"}"));
		}
	}

	private static int counter(String metrics, String name) {
		return metrics.lines()
			.filter((line) -> line.startsWith(name + " "))
			.mapToInt((line) -> (int) Double.parseDouble(line.substring(name.length() + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " in\n" + metrics));
	}

	private record Seen(List<String> failures, int reconnects, List<Set<String>> generationsPerClient,
			List<JsonNode> drains, int migrated, int forced) {
	}

}
