package dev.hotreload.samplejetty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.drain.DrainMode;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.IdleClients;
import dev.hotreload.sampletest.RawHttpConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a drain does to Jetty's keep-alive connections: by migration (the default) idle
 * ones go on, on the same TCP connection, with the new generation; in {@code close} mode
 * each one's next response, even one already in flight, carries {@code Connection: close}.
 */
class JettyKeepAliveTests {

	private static final int CONNECTIONS = 50;

	private static final int RELOADS = 3;

	private static final int IDLE_CLIENTS = 40;

	private static final int IDLE_RELOADS = 6;

	/** Longer than the drain timeout (1 s). */
	private static final long IDLE_MILLIS = 1600;

	@Test
	void idleKeepAliveConnectionsAreAnsweredByEachNewGenerationOnTheSameConnection() throws Exception {
		try (JettySample sample = JettySample.start()) {
			List<RawHttpConnection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < CONNECTIONS; i++) {
					RawHttpConnection connection = new RawHttpConnection(sample.port());
					connections.add(connection);
					assertThat(connection.exchange("/hello").generation()).isEqualTo("1");
				}
				for (int reload = 0; reload < RELOADS; reload++) {
					int generation = reload + 2;
					assertThat(sample.reload().status()).isEqualTo(200);
					awaitDrained(sample, generation - 1);
					DrainOutcome drain = sample.application().status().lastDrain();
					assertThat(drain.mode()).isEqualTo(DrainMode.MIGRATE);
					// And, perhaps, the reload request's own connection.
					assertThat(drain.migrated()).isBetween(CONNECTIONS, CONNECTIONS + 1);
					assertThat(drain.forced()).isZero();
					for (RawHttpConnection connection : connections) {
						int port = connection.localPort();
						RawHttpConnection.Response response = connection.exchange("/hello");
						assertThat(response.status()).isEqualTo(200);
						assertThat(response.generation()).isEqualTo(String.valueOf(generation));
						assertThat(response.closesConnection()).isFalse();
						assertThat(connection.localPort()).isEqualTo(port);
					}
				}
				for (RawHttpConnection connection : connections) {
					assertThat(connection.closedByServer(1)).isFalse();
				}
			}
			finally {
				for (RawHttpConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void busyConnectionMovesWhenItsRequestEnds() throws Exception {
		try (JettySample sample = JettySample.start(); RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			connection.send(RawHttpConnection.get("/hello?delay=1500"));
			awaitInFlight(sample);
			assertThat(sample.reload().status()).isEqualTo(200);
			RawHttpConnection.Response slow = connection.read();
			assertThat(slow.status()).isEqualTo(200);
			assertThat(slow.generation()).isEqualTo("1");
			assertThat(slow.closesConnection()).isFalse();
			awaitDrained(sample, 1);
			assertThat(sample.application().status().lastDrain().migrated()).isGreaterThanOrEqualTo(1);
			RawHttpConnection.Response next = connection.exchange("/hello");
			assertThat(next.generation()).isEqualTo("2");
			assertThat(next.closesConnection()).isFalse();
		}
	}

	/**
	 * After a request whose body the application read, Jetty reads on right after the
	 * response, without asking to be told of the next bytes: a next request already there
	 * once the connection's generation hands its connections over goes, with the
	 * connection, to the serving generation. (In process mode the reload POST's own
	 * connection took this path: its next request reached the retiring worker.)
	 */
	@Test
	void aNextRequestThereAsTheResponseEndsGoesToTheServingGeneration() throws Exception {
		SpringApplication application = new SpringApplication(SampleJettyApplication.class);
		application.addInitializers((context) -> ((GenericApplicationContext) context)
			.registerBean(AnsweredEarly.class));
		try (JettySample sample = JettySample.start(application);
				RawHttpConnection connection = new RawHttpConnection(sample.port());
				RawHttpConnection idle = new RawHttpConnection(sample.port())) {
			Generation first = sample.application().generations().get(0);
			assertThat(idle.exchange("/hello").generation()).isEqualTo("1");
			// With a body that the handler reads: Jetty then keeps its request buffer and, the
			// response done, reads on without asking to be told of the next bytes.
			connection.send("GET /test/answered-early HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 5\r\n\r\nhello");
			// The whole response, while its thread still holds the request.
			RawHttpConnection.Response answered = connection.read();
			assertThat(answered.generation()).isEqualTo("1");
			assertThat(sample.reload().status()).isEqualTo(200);
			// The idle connection moved: generation 1 hands its connections over.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> first.connectors().stream().mapToInt(GenerationConnector::migratedConnections).sum() >= 1);
			connection.send(RawHttpConnection.get("/hello"));
			AnsweredEarly.release.countDown();
			RawHttpConnection.Response next = connection.read();
			assertThat(next.status()).isEqualTo(200);
			assertThat(next.generation()).isEqualTo("2");
			assertThat(next.closesConnection()).isFalse();
		}
	}

	@Test
	void aRequestInFlightWhenKeepAliveEndsClosesItsConnection() throws Exception {
		try (JettySample sample = JettySample.start(); RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			Generation serving = sample.application().generations().get(0);
			assertThat(connection.exchange("/hello").closesConnection()).isFalse();
			// Long enough that keep-alive surely ends while it is in flight.
			connection.send(RawHttpConnection.get("/hello?delay=4000"));
			awaitInFlight(sample);
			serving.connectors().forEach(GenerationConnector::stopKeepAlive);
			try {
				RawHttpConnection.Response inFlight = connection.read();
				assertThat(inFlight.status()).isEqualTo(200);
				assertThat(inFlight.closesConnection()).isTrue();
				assertThat(connection.closedByServer(5000)).isTrue();
			}
			finally {
				serving.connectors().forEach(GenerationConnector::resumeServing);
			}
			// Keep-alive is back: the next connection's responses keep it open.
			try (RawHttpConnection next = new RawHttpConnection(sample.port())) {
				assertThat(next.exchange("/hello").closesConnection()).isFalse();
				assertThat(next.closedByServer(200)).isFalse();
			}
		}
	}

	/**
	 * A response committed keep-alive before keep-alive ends says nothing of a close, so its
	 * connection must stay open: closed after that response, as Jetty's graceful shutdown
	 * does, it fails a client whose next request is on its way (wrk over TLS counted such a
	 * read error across a reload). Its next response carries {@code Connection: close}.
	 */
	@Test
	void aResponseCommittedBeforeKeepAliveEndsLeavesItsConnectionToTheNextResponse() throws Exception {
		SpringApplication application = new SpringApplication(SampleJettyApplication.class);
		application.addInitializers((context) -> ((GenericApplicationContext) context)
			.registerBean(CommittedEarly.class));
		try (JettySample sample = JettySample.start(application);
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			Generation serving = sample.application().generations().get(0);
			connection.send(RawHttpConnection.get("/test/committed-early"));
			assertThat(CommittedEarly.committed.await(30, TimeUnit.SECONDS)).isTrue();
			serving.connectors().forEach(GenerationConnector::stopKeepAlive);
			try {
				CommittedEarly.release.countDown();
				RawHttpConnection.Response committedEarly = connection.read();
				assertThat(committedEarly.body()).isEqualTo("first\nsecond\n");
				assertThat(committedEarly.closesConnection()).isFalse();
				RawHttpConnection.Response next = connection.exchange("/hello");
				assertThat(next.status()).isEqualTo(200);
				assertThat(next.closesConnection()).isTrue();
				assertThat(connection.closedByServer(5000)).isTrue();
			}
			finally {
				serving.connectors().forEach(GenerationConnector::resumeServing);
			}
		}
	}

	@Test
	void inCloseModeIdleConnectionsAreClosedAtTheDrainTimeoutAndCounted() throws Exception {
		try (JettySample sample = JettySample.start("--hotreload.drain.mode=close", "--hotreload.drain-timeout=1s");
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			assertThat(connection.exchange("/hello").generation()).isEqualTo("1");
			assertThat(sample.reload().status()).isEqualTo(200);
			awaitDrained(sample, 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.mode()).isEqualTo(DrainMode.CLOSE);
			// This connection; perhaps the reload request's too, if its client has not closed it yet.
			assertThat(drain.forced()).isGreaterThanOrEqualTo(1);
			assertThat(connection.closedByServer(5000)).isTrue();
		}
	}

	/**
	 * 40 pooled clients idling 1.6 s, longer than the drain timeout of 1 s, across 6
	 * reloads: each idle connection goes on, open, with each new generation, so that no
	 * client sees an error or reconnects and no connection is closed by force.
	 */
	@Test
	void pooledClientsIdlingLongerThanTheDrainTimeoutSeeNoErrors() throws Exception {
		try (JettySample sample = JettySample.start("--hotreload.drain-timeout=1s");
				IdleClients clients = new IdleClients(sample.uri("/hello").toString(), IDLE_CLIENTS, IDLE_MILLIS)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw("1"));
			for (int reload = 0; reload < IDLE_RELOADS; reload++) {
				String generation = String.valueOf(reload + 2);
				assertThat(sample.reload().status()).isEqualTo(200);
				// Each client's next request, after its idle time, reaches the new generation.
				await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw(generation));
			}
			clients.close();
			long forced = sample.application().statistics().forcedConnections();
			System.out.println("Jetty, " + IDLE_CLIENTS + " pooled clients idling " + IDLE_MILLIS
					+ " ms, drain timeout 1 s, " + IDLE_RELOADS + " reloads: " + clients.answered() + " requests, "
					+ clients.failures().size() + " failed, " + clients.reconnects() + " reconnects, " + forced
					+ " connections forced");
			assertThat(clients.failures()).isEmpty();
			assertThat(clients.reconnects()).isZero();
			assertThat(forced).isZero();
			List<String> all = IntStream.rangeClosed(1, 1 + IDLE_RELOADS).mapToObj(String::valueOf).toList();
			assertThat(clients.generationsPerClient()).allSatisfy((seen) -> assertThat(seen).containsAll(all));
		}
	}

	/**
	 * {@code /test/committed-early}: commits its response with a first line, then waits to
	 * be released before the second.
	 */
	@RestController
	static class CommittedEarly {

		static final CountDownLatch committed = new CountDownLatch(1);

		static final CountDownLatch release = new CountDownLatch(1);

		@GetMapping("/test/committed-early")
		void committedEarly(HttpServletResponse response) throws IOException, InterruptedException {
			response.setContentType("text/plain");
			response.getWriter().write("first\n");
			response.flushBuffer();
			committed.countDown();
			release.await(30, TimeUnit.SECONDS);
			response.getWriter().write("second\n");
		}

	}

	/**
	 * {@code /test/answered-early}: reads the request's body, writes its whole response,
	 * then holds its thread until released.
	 */
	@RestController
	static class AnsweredEarly {

		static final CountDownLatch release = new CountDownLatch(1);

		@GetMapping("/test/answered-early")
		void answeredEarly(HttpServletRequest request, HttpServletResponse response)
				throws IOException, InterruptedException {
			request.getInputStream().readAllBytes();
			byte[] body = "answered\n".getBytes(StandardCharsets.UTF_8);
			response.setContentType("text/plain");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.flushBuffer();
			release.await(30, TimeUnit.SECONDS);
		}

	}

	private static void awaitInFlight(JettySample sample) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
	}

	private static void awaitDrained(JettySample sample, int generation) {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			DrainOutcome drain = sample.application().status().lastDrain();
			return drain != null && drain.generation() == generation
					&& sample.application().status().generations().size() == 1;
		});
	}

}
