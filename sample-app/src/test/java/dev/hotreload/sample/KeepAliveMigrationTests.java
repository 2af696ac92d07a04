package dev.hotreload.sample;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadStatistics.DurationTotal;
import dev.hotreload.sampletest.RawHttpConnection;
import dev.hotreload.sampletest.TestHttpClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Draining by migration ({@code hotreload.drain.mode=migrate}, the default): keep-alive
 * connections of the old generation go on, on the same TCP connection, with the new one.
 */
class KeepAliveMigrationTests {

	private static final int CONNECTIONS = 200;

	private static final int RELOADS = 5;

	@Test
	void idleKeepAliveConnectionsAreAnsweredByEachNewGenerationOnTheSameConnection() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			List<RawHttpConnection> connections = new ArrayList<>();
			try {
				List<Integer> ports = new ArrayList<>();
				for (int i = 0; i < CONNECTIONS; i++) {
					RawHttpConnection connection = new RawHttpConnection(sample.port());
					connections.add(connection);
					ports.add(connection.localPort());
					RawHttpConnection.Response response = connection.exchange("/hello");
					assertThat(response.status()).isEqualTo(200);
					assertThat(response.generation()).isEqualTo("1");
				}
				List<Long> closedAfterMillis = new ArrayList<>();
				for (int reload = 0; reload < RELOADS; reload++) {
					int generation = reload + 2;
					Drains drainsBefore = Drains.of(sample);
					assertThat(sample.reload().status()).isEqualTo(200);
					awaitOldGenerationClosed(sample, drainsBefore);
					closedAfterMillis.add(lastDrainMillis(sample, drainsBefore));
					DrainOutcome drain = sample.application().status().lastDrain();
					assertThat(drain.mode()).isEqualTo(DrainMode.MIGRATE);
					// And the reload request's own connection, which its client closes.
					assertThat(drain.migrated()).isBetween(CONNECTIONS, CONNECTIONS + 1);
					assertThat(drain.forced()).isZero();
					for (int i = 0; i < CONNECTIONS; i++) {
						RawHttpConnection connection = connections.get(i);
						RawHttpConnection.Response response = connection.exchange("/hello");
						assertThat(response.status()).isEqualTo(200);
						assertThat(response.generation()).isEqualTo(String.valueOf(generation));
						assertThat(response.closesConnection()).isFalse();
						assertThat(connection.localPort()).isEqualTo(ports.get(i));
					}
				}
				for (RawHttpConnection connection : connections) {
					assertThat(connection.closedByServer(1)).isFalse();
				}
				System.out.println("Old generation closed after the switch (ms), " + CONNECTIONS
						+ " idle keep-alive connections migrated each time: " + closedAfterMillis);
				RunningSample.Response status = sample.get("/actuator/reload");
				assertThat(status.body()).containsPattern("\"lastDrain\":\\{\"generation\":" + RELOADS
						+ ",\"mode\":\"MIGRATE\",\"migrated\":20[01],\"closed\":\\d+,\"forced\":0}");
				String scrape = sample.get("/actuator/prometheus").body();
				assertThat(scrape).containsPattern("hotreload_drain_connections_total\\{outcome=\"migrated\"\\} 10\\d\\d\\.0")
					.contains("hotreload_drain_connections_total{outcome=\"forced\"} 0.0",
							"hotreload_drain_forced_total 0.0");
			}
			finally {
				for (RawHttpConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void withNothingInFlightTheOldGenerationClosesRightAfterTheSwitch() throws Exception {
		try (RunningSample sample = RunningSample.start();
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			assertThat(connection.exchange("/hello").generation()).isEqualTo("1");
			List<Long> millis = new ArrayList<>();
			for (int i = 0; i < RELOADS; i++) {
				Drains drainsBefore = Drains.of(sample);
				assertThat(sample.reload().status()).isEqualTo(200);
				awaitOldGenerationClosed(sample, drainsBefore);
				millis.add(lastDrainMillis(sample, drainsBefore));
				assertThat(connection.exchange("/hello").generation()).isEqualTo(String.valueOf(i + 2));
			}
			System.out.println("Old generation closed after the switch (ms), one idle connection: " + millis);
			// ~100 ms on a quiet machine; generous for two shared cores.
			assertThat(millis.stream().sorted().toList().get(millis.size() / 2)).isLessThan(1000);
		}
	}

	@Test
	void pooledClientsIdlingLongerThanTheDrainTimeoutSeeNoErrorsAndNoReconnects() throws Exception {
		try (RunningSample sample = RunningSample.start("--hotreload.drain-timeout=1s");
				CloseableHttpClient client = TestHttpClients.client(false)) {
			Set<InetSocketAddress> localAddresses = new HashSet<>();
			List<String> failures = new ArrayList<>();
			for (int round = 0; round < 4; round++) {
				for (int i = 0; i < 3; i++) {
					HttpClientContext context = HttpClientContext.create();
					try {
						String generation = client.execute(new HttpGet(sample.uri("/hello")), context, (response) -> {
							EntityUtils.consume(response.getEntity());
							if (response.getCode() != 200) {
								failures.add("status " + response.getCode());
							}
							return response.getFirstHeader("X-App-Generation").getValue();
						});
						assertThat(generation).isEqualTo(String.valueOf(round + 1));
						localAddresses.add((InetSocketAddress) context.getEndpointDetails().getLocalAddress());
					}
					catch (IOException ex) {
						failures.add(ex.toString());
					}
				}
				assertThat(sample.reload().status()).isEqualTo(200);
				// Longer than the drain timeout: in close mode the idle connection would be
				// closed by force under the pooled client.
				RunningSample.sleep(1600);
			}
			assertThat(failures).isEmpty();
			assertThat(localAddresses).hasSize(1);
			assertThat(sample.application().statistics().forcedConnections()).isZero();
		}
	}

	@Test
	void busyConnectionMovesWhenItsRequestEnds() throws Exception {
		try (RunningSample sample = RunningSample.start();
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			connection.send(RawHttpConnection.get("/hello?delay=2000"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
			Drains drainsBefore = Drains.of(sample);
			assertThat(sample.reload().status()).isEqualTo(200);
			// Still busy after the switch: it moves when its request ends.
			// (the reload's own request may still count as in flight)
			assertThat(sample.application().status().generations()).hasSize(2);
			RawHttpConnection.Response slow = connection.read();
			assertThat(slow.status()).isEqualTo(200);
			assertThat(slow.generation()).isEqualTo("1");
			assertThat(slow.closesConnection()).isFalse();
			awaitOldGenerationClosed(sample, drainsBefore);
			assertThat(lastDrainMillis(sample, drainsBefore)).isLessThan(5000);
			// This connection, and the reload request's.
			assertThat(sample.application().status().lastDrain().migrated()).isGreaterThanOrEqualTo(1);
			RawHttpConnection.Response next = connection.exchange("/hello");
			assertThat(next.generation()).isEqualTo("2");
			assertThat(next.closesConnection()).isFalse();
		}
	}

	@Test
	void aRequestSentWhileTheOneBeforeIsInFlightIsAnsweredByTheNewGeneration() throws Exception {
		try (RunningSample sample = RunningSample.start();
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			connection.send(RawHttpConnection.get("/hello?delay=3000"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
			Drains before = Drains.of(sample);
			assertThat(sample.reload().status()).isEqualTo(200);
			// (the reload's own request may still count as in flight)
			assertThat(sample.application().status().generations()).hasSize(2);
			// On the wire before the old generation answers the first: without the read
			// intercept at the keep-alive boundary it would read and answer this one too.
			connection.send(RawHttpConnection.get("/hello"));
			RawHttpConnection.Response first = connection.read();
			RawHttpConnection.Response second = connection.read();
			assertThat(first.generation()).isEqualTo("1");
			assertThat(first.closesConnection()).isFalse();
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.generation()).isEqualTo("2");
			awaitOldGenerationClosed(sample, before);
			assertThat(connection.exchange("/hello").generation()).isEqualTo("2");
		}
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderByTheOldGenerationThenTheConnectionMoves() throws Exception {
		try (RunningSample sample = RunningSample.start();
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			connection.send(RawHttpConnection.get("/hello?delay=500"), RawHttpConnection.get("/actuator/health"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
			Drains drainsBefore = Drains.of(sample);
			assertThat(sample.reload().status()).isEqualTo(200);
			RawHttpConnection.Response first = connection.read();
			RawHttpConnection.Response second = connection.read();
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.body()).isEqualTo("Hello from generation 1\n");
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.body()).contains("\"status\":\"UP\"");
			assertThat(second.generation()).isEqualTo("1");
			assertThat(second.closesConnection()).isFalse();
			awaitOldGenerationClosed(sample, drainsBefore);
			assertThat(connection.exchange("/hello").generation()).isEqualTo("2");
		}
	}

	@Test
	void closeModeEndsKeepAliveAsBefore() throws Exception {
		try (RunningSample sample = RunningSample.start("--hotreload.drain.mode=close");
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			assertThat(connection.exchange("/hello").generation()).isEqualTo("1");
			Drains drainsBefore = Drains.of(sample);
			assertThat(sample.reload().status()).isEqualTo(200);
			RunningSample.sleep(200);
			assertThat(sample.application().status().generations()).hasSize(2);
			RawHttpConnection.Response response = connection.exchange("/hello");
			assertThat(response.generation()).isEqualTo("1");
			assertThat(response.closesConnection()).isTrue();
			assertThat(connection.closedByServer(5000)).isTrue();
			awaitOldGenerationClosed(sample, drainsBefore);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.mode()).isEqualTo(DrainMode.CLOSE);
			assertThat(drain.migrated()).isZero();
			// This connection, and perhaps the reload request's (its client closes it).
			assertThat(drain.closed()).isBetween(1, 2);
			assertThat(drain.forced()).isZero();
		}
	}

	@Test
	void migratedConnectionsDoNotKeepOldGenerationsAlive() throws Exception {
		List<WeakReference<ConfigurableApplicationContext>> contexts = new CopyOnWriteArrayList<>();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers((context) -> contexts.add(new WeakReference<>(context)));
		try (RunningSample sample = RunningSample.start(application)) {
			List<RawHttpConnection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					connections.add(new RawHttpConnection(sample.port()));
					assertThat(connections.get(i).exchange("/hello").status()).isEqualTo(200);
				}
				for (int reload = 0; reload < 20; reload++) {
					Drains before = Drains.of(sample);
					assertThat(sample.reload().status()).isEqualTo(200);
					awaitOldGenerationClosed(sample, before);
					for (RawHttpConnection connection : connections) {
						assertThat(connection.exchange("/hello").generation()).isEqualTo(String.valueOf(reload + 2));
					}
				}
				assertThat(contexts).hasSize(21);
				// Every connection has moved twenty times and is still open.
				await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					System.gc();
					assertThat(contexts.stream().filter((context) -> context.get() != null).count())
						.isLessThanOrEqualTo(2);
				});
			}
			finally {
				for (RawHttpConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void anUnknownDrainModeFailsTheStart() {
		assertThatThrownBy(() -> RunningSample.start("--hotreload.drain.mode=teleport").close())
			.hasStackTraceContaining("hotreload.drain.mode");
	}

	private static void awaitOldGenerationClosed(RunningSample sample, Drains before) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> sample.application().statistics().drainDurations().count() > before.count()
					&& sample.application().generations().size() == 1);
	}

	/** How long the drain after {@code before} took, from the switch to the old context closed. */
	private static long lastDrainMillis(RunningSample sample, Drains before) {
		DurationTotal drains = sample.application().statistics().drainDurations();
		assertThat(drains.count()).isEqualTo(before.count() + 1);
		return Math.round((drains.totalNanos() - before.totalNanos()) / 1_000_000);
	}

	private record Drains(long count, double totalNanos) {

		static Drains of(RunningSample sample) {
			DurationTotal drains = sample.application().statistics().drainDurations();
			return new Drains(drains.count(), drains.totalNanos());
		}

	}

}
