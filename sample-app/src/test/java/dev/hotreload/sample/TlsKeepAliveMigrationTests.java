package dev.hotreload.sample;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.sampletest.RawHttpConnection;
import dev.hotreload.sampletest.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Draining by migration over TLS: an idle HTTP/1.1 keep-alive connection goes on with the
 * new generation on the same TCP connection and in the same TLS session, without a new
 * handshake, as long as the reload keeps the TLS configuration. Reloads are asked for
 * in process (the sample's reload endpoint would need a TLS client of its own).
 */
class TlsKeepAliveMigrationTests {

	private static final int CONNECTIONS = 100;

	private static final int RELOADS = 5;

	@TempDir
	Path directory;

	@Test
	void idleTlsConnectionsAreAnsweredByEachNewGenerationInTheSameSessionWithoutANewHandshake() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls)) {
			SSLContext client = tls.clientContext();
			List<TlsConnection> connections = new ArrayList<>();
			try {
				List<Integer> ports = new ArrayList<>();
				for (int i = 0; i < CONNECTIONS; i++) {
					TlsConnection connection = new TlsConnection(sample.port(), client);
					connections.add(connection);
					ports.add(connection.localPort());
					RawHttpConnection.Response response = connection.http().exchange("/hello");
					assertThat(response.status()).isEqualTo(200);
					assertThat(response.generation()).isEqualTo("1");
				}
				for (int reload = 0; reload < RELOADS; reload++) {
					int generation = reload + 2;
					reloadAndAwaitDrain(sample);
					DrainOutcome drain = sample.application().status().lastDrain();
					assertThat(drain.mode()).isEqualTo(DrainMode.MIGRATE);
					assertThat(drain.migrated()).isEqualTo(CONNECTIONS);
					assertThat(drain.closed()).isZero();
					assertThat(drain.forced()).isZero();
					for (int i = 0; i < CONNECTIONS; i++) {
						TlsConnection connection = connections.get(i);
						RawHttpConnection.Response response = connection.http().exchange("/hello");
						assertThat(response.status()).isEqualTo(200);
						assertThat(response.generation()).isEqualTo(String.valueOf(generation));
						assertThat(response.closesConnection()).isFalse();
						assertThat(connection.localPort()).isEqualTo(ports.get(i));
						assertThat(connection.hasFirstSession()).isTrue();
					}
				}
				// The listener is told on a thread of its own: let a late one arrive.
				TimeUnit.MILLISECONDS.sleep(200);
				for (TlsConnection connection : connections) {
					assertThat(connection.handshakes()).isEqualTo(1);
					assertThat(connection.http().closedByServer(1)).isFalse();
				}
				assertThat(sample.application().statistics().forcedConnections()).isZero();
			}
			finally {
				for (TlsConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void tls12ConnectionsMoveInTheirSessionToo() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls, "--server.ssl.enabled-protocols=TLSv1.2")) {
			SSLContext client = tls.clientContext();
			List<TlsConnection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < 10; i++) {
					connections.add(new TlsConnection(sample.port(), client));
					assertThat(connections.get(i).http().exchange("/hello").generation()).isEqualTo("1");
					assertThat(connections.get(i).session().getProtocol()).isEqualTo("TLSv1.2");
				}
				for (int reload = 0; reload < 2; reload++) {
					reloadAndAwaitDrain(sample);
					assertThat(sample.application().status().lastDrain().migrated()).isEqualTo(10);
					for (TlsConnection connection : connections) {
						assertThat(connection.http().exchange("/hello").generation()).isEqualTo(String.valueOf(reload + 2));
						assertThat(connection.hasFirstSession()).isTrue();
					}
				}
				TimeUnit.MILLISECONDS.sleep(200);
				assertThat(connections).allSatisfy((connection) -> assertThat(connection.handshakes()).isEqualTo(1));
			}
			finally {
				for (TlsConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void anHttp2ConnectionNegotiatedByAlpnDoesNotMoveWhileAnHttp11OneDoes() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls, "--server.http2.enabled=true", "--hotreload.drain-timeout=2s");
				TlsConnection http2 = new TlsConnection(sample.port(), tls.clientContext(), "h2");
				TlsConnection http11 = new TlsConnection(sample.port(), tls.clientContext(), "http/1.1")) {
			assertThat(http2.applicationProtocol()).isEqualTo("h2");
			// Tomcat offers h2 only: a client that asks for http/1.1 alone gets no ALPN.
			assertThat(http11.applicationProtocol()).isIn("http/1.1", "");
			// The client preface and an empty SETTINGS frame: an open, idle HTTP/2 connection.
			http2.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			http2.write(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
			assertThat(http11.http().exchange("/hello").generation()).isEqualTo("1");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> sample.application().status().generations().get(0).openConnections() == 2);
			reloadAndAwaitDrain(sample);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.mode()).isEqualTo(DrainMode.MIGRATE);
			assertThat(drain.migrated()).isEqualTo(1);
			assertThat(drain.closed() + drain.forced()).isEqualTo(1);
			assertThat(http11.http().exchange("/hello").generation()).isEqualTo("2");
			assertThat(http11.hasFirstSession()).isTrue();
		}
	}

	@Test
	void movedTlsSessionsDoNotKeepOldGenerationsAlive() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		List<WeakReference<ConfigurableApplicationContext>> contexts = new CopyOnWriteArrayList<>();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers((context) -> contexts.add(new WeakReference<>(context)));
		try (RunningSample sample = RunningSample.start(application, tls.serverArguments().toArray(String[]::new))) {
			List<TlsConnection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < 10; i++) {
					connections.add(new TlsConnection(sample.port(), tls.clientContext()));
					assertThat(connections.get(i).http().exchange("/hello").status()).isEqualTo(200);
				}
				for (int reload = 0; reload < 10; reload++) {
					reloadAndAwaitDrain(sample);
					for (TlsConnection connection : connections) {
						assertThat(connection.http().exchange("/hello").generation()).isEqualTo(String.valueOf(reload + 2));
					}
				}
				assertThat(contexts).hasSize(11);
				// Every session has moved ten times, its engine made by generation 1.
				await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					System.gc();
					assertThat(contexts.stream().filter((context) -> context.get() != null).count())
						.isLessThanOrEqualTo(2);
				});
				assertThat(connections).allSatisfy((connection) -> assertThat(connection.hasFirstSession()).isTrue());
			}
			finally {
				for (TlsConnection connection : connections) {
					connection.close();
				}
			}
		}
	}

	@Test
	void busyTlsConnectionMovesWhenItsRequestEnds() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls);
				TlsConnection connection = new TlsConnection(sample.port(), tls.clientContext())) {
			connection.http().send(RawHttpConnection.get("/hello?delay=2000"));
			awaitInFlight(sample);
			reloadAndAwaitSwitch(sample);
			RawHttpConnection.Response slow = connection.http().read();
			assertThat(slow.status()).isEqualTo(200);
			assertThat(slow.generation()).isEqualTo("1");
			assertThat(slow.closesConnection()).isFalse();
			awaitOldGenerationClosed(sample, 1);
			assertThat(sample.application().status().lastDrain().migrated()).isEqualTo(1);
			RawHttpConnection.Response next = connection.http().exchange("/hello");
			assertThat(next.generation()).isEqualTo("2");
			assertThat(next.closesConnection()).isFalse();
			assertThat(connection.hasFirstSession()).isTrue();
		}
	}

	@Test
	void aTlsRequestSentWhileTheOneBeforeIsInFlightIsAnsweredByTheNewGeneration() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls);
				TlsConnection connection = new TlsConnection(sample.port(), tls.clientContext())) {
			connection.http().send(RawHttpConnection.get("/hello?delay=3000"));
			awaitInFlight(sample);
			reloadAndAwaitSwitch(sample);
			// On the wire, encrypted, before the old generation answers the first.
			connection.http().send(RawHttpConnection.get("/hello"));
			RawHttpConnection.Response first = connection.http().read();
			RawHttpConnection.Response second = connection.http().read();
			assertThat(first.generation()).isEqualTo("1");
			assertThat(first.closesConnection()).isFalse();
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.generation()).isEqualTo("2");
			awaitOldGenerationClosed(sample, 1);
			assertThat(connection.http().exchange("/hello").generation()).isEqualTo("2");
			assertThat(connection.hasFirstSession()).isTrue();
		}
	}

	@Test
	void pipelinedTlsRequestsAreAnsweredInOrderByTheOldGenerationThenTheConnectionMoves() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls);
				TlsConnection connection = new TlsConnection(sample.port(), tls.clientContext())) {
			connection.http().send(RawHttpConnection.get("/hello?delay=500"), RawHttpConnection.get("/actuator/health"));
			awaitInFlight(sample);
			reloadAndAwaitSwitch(sample);
			RawHttpConnection.Response first = connection.http().read();
			RawHttpConnection.Response second = connection.http().read();
			assertThat(first.body()).isEqualTo("Hello from generation 1\n");
			assertThat(second.body()).contains("\"status\":\"UP\"");
			assertThat(second.generation()).isEqualTo("1");
			assertThat(second.closesConnection()).isFalse();
			awaitOldGenerationClosed(sample, 1);
			assertThat(connection.http().exchange("/hello").generation()).isEqualTo("2");
			assertThat(connection.hasFirstSession()).isTrue();
		}
	}

	/**
	 * A pipeline longer than the buffer it is decrypted into: TLS records already read
	 * from the socket wait, still encrypted, in the channel's network buffer while the
	 * requests decrypted before them are answered. The old generation must answer them
	 * too (nothing on the socket would wake the connection up for them), then the
	 * connection moves.
	 */
	@Test
	void aTlsPipelineLongerThanTheDecryptionBufferIsAnsweredWholeThenTheConnectionMoves() throws Exception {
		int pipelined = 40;
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls);
				TlsConnection connection = new TlsConnection(sample.port(), tls.clientContext())) {
			String padded = "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(1000) + "\r\n\r\n";
			// One write each: a TLS record each, all on the wire before the server reads.
			connection.http().send(RawHttpConnection.get("/hello?delay=8000"));
			for (int i = 0; i < pipelined; i++) {
				connection.http().send(padded);
			}
			awaitInFlight(sample);
			reloadAndAwaitSwitch(sample);
			// The case at hand: the pipeline is still waiting for the slow request after
			// the switch, so the old generation migrates while it answers the rest.
			assertThat(sample.application().status().generations().get(0).inFlightRequests()).isEqualTo(1);
			assertThat(connection.http().read().generation()).isEqualTo("1");
			for (int i = 0; i < pipelined; i++) {
				RawHttpConnection.Response response = connection.http().read();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.closesConnection()).isFalse();
			}
			awaitOldGenerationClosed(sample, 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.migrated()).as("%s, closed by the server: %s", drain, connection.http().closedByServer(100))
				.isEqualTo(1);
			assertThat(connection.http().exchange("/hello").generation()).isEqualTo("2");
			assertThat(connection.hasFirstSession()).isTrue();
		}
	}

	@Test
	void aReloadThatChangesTheCertificateClosesKeepAliveSoClientsHandshakeWithTheNewOne() throws Exception {
		SelfSignedTls tls = SelfSignedTls.generate(this.directory);
		try (RunningSample sample = start(tls, "--hotreload.drain-timeout=5s")) {
			var oldCertificate = tls.certificate();
			try (TlsConnection connection = new TlsConnection(sample.port(), tls.clientContext())) {
				assertThat(connection.http().exchange("/hello").generation()).isEqualTo("1");
				// The same key store file, a new key pair and certificate: a rotation.
				tls.regenerate();
				reloadAndAwaitSwitch(sample);
				// The old generation ends keep-alive as its drain starts, just after the
				// switch: until then it answers on, never the new one.
				RawHttpConnection.Response response = connection.http().exchange("/hello");
				for (int i = 0; i < 50 && !response.closesConnection(); i++) {
					assertThat(response.generation()).isEqualTo("1");
					RunningSample.sleep(20);
					response = connection.http().exchange("/hello");
				}
				assertThat(response.generation()).isEqualTo("1");
				assertThat(response.closesConnection()).isTrue();
				assertThat(connection.http().closedByServer(5000)).isTrue();
				assertThat(connection.session().getPeerCertificates()[0]).isEqualTo(oldCertificate);
			}
			awaitOldGenerationClosed(sample, 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.mode()).isEqualTo(DrainMode.CLOSE);
			assertThat(drain.migrated()).isZero();
			assertThat(drain.forced()).isZero();
			try (TlsConnection reconnected = new TlsConnection(sample.port(), tls.clientContext())) {
				assertThat(reconnected.http().exchange("/hello").generation()).isEqualTo("2");
				assertThat(reconnected.session().getPeerCertificates()[0]).isEqualTo(tls.certificate())
					.isNotEqualTo(oldCertificate);
			}
		}
	}

	static RunningSample start(SelfSignedTls tls, String... args) {
		List<String> all = new ArrayList<>(tls.serverArguments());
		all.addAll(List.of(args));
		return RunningSample.start(all.toArray(String[]::new));
	}

	/** Reloads and waits until the old generation has closed. */
	static void reloadAndAwaitDrain(RunningSample sample) throws Exception {
		long drains = sample.application().statistics().drainDurations().count();
		reloadAndAwaitSwitch(sample);
		awaitOldGenerationClosed(sample, drains + 1);
	}

	static void reloadAndAwaitSwitch(RunningSample sample) throws Exception {
		ReloadResult result = sample.application().requestReload(ReloadRequest.hangup()).get(60, TimeUnit.SECONDS);
		assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
	}

	private static void awaitInFlight(RunningSample sample) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
	}

	private static void awaitOldGenerationClosed(RunningSample sample, long drains) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> sample.application().statistics().drainDurations().count() >= drains
					&& sample.application().generations().size() == 1);
	}

}
