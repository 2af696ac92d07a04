package dev.hotreload.samplejetty;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.IdleHttp2Connection;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.RawHttpConnection;
import dev.hotreload.sampletest.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Jetty sample over real TLS (a self-signed key store that {@code keytool} makes, served
 * through {@code server.ssl.*}) with HTTP/2 on, started once, reloaded by its operator over
 * TLS. TLS connections do not move to the new generation: HTTP/1.1 keep-alive ones take the
 * close path (each answered, the old generation's last answer with {@code Connection: close},
 * then closed), and not one request wrk sends fails; HTTP/2 ones negotiated by ALPN ({@code h2})
 * get GOAWAY from the old generation, and every stream h2load sent before it is answered 2xx
 * (the server's access log holds exactly those). The tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyTlsTests {

	private static final String SLOW_HELLO = "/hello?delay=200";

	@TempDir
	static Path work;

	private static SSLContext client;

	private static JettySample sample;

	@BeforeAll
	static void start() throws Exception {
		LoadTools.install();
		SelfSignedTls keyStore = SelfSignedTls.generate(work);
		client = keyStore.clientContext();
		List<String> arguments = new ArrayList<>(keyStore.serverArguments());
		arguments.addAll(H2load.accessLogArguments(work.resolve("access.log")));
		arguments.add("--server.http2.enabled=true");
		sample = JettySample.start(arguments.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	@Order(1)
	void http11KeepAliveOverTlsTakesTheClosePathAndNoRequestFails() throws Exception {
		SSLSocket socket = tlsSocket("http/1.1");
		assertThat(socket.getApplicationProtocol()).as("ALPN").isEqualTo("http/1.1");
		try (RawHttpConnection idle = new RawHttpConnection(socket)) {
			RawHttpConnection.Response first = idle.exchange("/hello");
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.closesConnection()).isFalse();
			String oldGeneration = first.generation();
			Path output = work.resolve("wrk.txt");
			// Paced (a request per connection every 10 ms, wrk's script delay), as sample-app's
			// LoadToolsReloadIT paces it: the reload, not wrk, gets the cores.
			Path pace = Files.writeString(work.resolve("pace.lua"), "function delay()\n\treturn 10\nend\n");
			int answeredBefore = http11Hellos();
			Process wrk = LoadTools.start(List.of("wrk", "-t1", "-c4", "-d300s", "--timeout", "30s", "-s",
					pace.toString(), "https://127.0.0.1:" + sample.port() + "/hello"), output);
			try {
				// The load reaches the server before the reload, however slowly the machine starts it.
				await().atMost(Duration.ofSeconds(60)).until(() -> http11Hellos() > answeredBefore + 20);
				assertThat(wrk.isAlive()).as("wrk running at the reload").isTrue();
				long drainsBefore = sample.application().statistics().drainDurations().count();
				assertThat(reload()).isEqualTo(200);
				// The idle connection stays the old generation's: it answers (keep-alive while the
				// drain has not begun) until a response says Connection: close, and then closes.
				List<String> answeredBy = new ArrayList<>();
				RawHttpConnection.Response last;
				do {
					JettySample.sleep(20);
					last = idle.exchange("/hello");
					assertThat(last.status()).isEqualTo(200);
					answeredBy.add(last.generation());
				}
				while (!last.closesConnection());
				assertThat(answeredBy).containsOnly(oldGeneration);
				assertThat(idle.closedByServer(30_000)).as("closed by the server after Connection: close").isTrue();
				// As a client does once the server has closed: until then Jetty keeps the connection.
				idle.close();
				awaitDrained(drainsBefore);
				DrainOutcome drain = sample.application().status().lastDrain();
				assertThat(drain.generation()).isEqualTo(Integer.parseInt(oldGeneration));
				assertThat(drain.mode()).as("TLS connections do not move").isEqualTo(DrainMode.CLOSE);
				assertThat(drain.migrated()).isZero();
				assertThat(drain.forced()).as(drain.toString()).isZero();
				// Long enough for wrk's connections to reach the new generation.
				JettySample.sleep(300);
				assertThat(wrk.isAlive()).as("wrk still running after the reload").isTrue();
				LoadTools.Wrk report = LoadTools.Wrk.parse(LoadTools.interruptAndReport(wrk, output));
				System.out.println("Jetty over TLS, wrk -t1 -c4 (10 ms apart) across a reload: " + report.requests()
						+ " requests, " + report.socketErrors() + " socket errors, " + report.non2xxOr3xx()
						+ " non-2xx or 3xx; the idle connection answered " + answeredBy.size()
						+ " time(s) by generation " + oldGeneration
						+ " after the reload, the last with Connection: close; " + drain);
				assertThat(report.requests()).isPositive();
				assertThat(report.socketErrors()).as(report.report()).isZero();
				assertThat(report.non2xxOr3xx()).as(report.report()).isZero();
			}
			finally {
				wrk.destroy();
			}
		}
		try (RawHttpConnection next = new RawHttpConnection(tlsSocket("http/1.1"))) {
			assertThat(next.exchange("/hello").generation())
				.isEqualTo(String.valueOf(sample.application().currentGeneration()));
		}
	}

	@Test
	@Order(2)
	void h2OverTlsGetsGoAwayFromTheOldGenerationAndEveryStreamSentIsAnswered() throws Exception {
		long succeeded = 0;
		for (int reload = 0; reload < 2; reload++) {
			long drainsBefore = sample.application().statistics().drainDurations().count();
			int oldGeneration = sample.application().currentGeneration();
			int answeredBefore = http2SlowHellos().size();
			SSLSocket socket = tlsSocket("h2", "http/1.1");
			assertThat(socket.getApplicationProtocol()).as("ALPN").isEqualTo("h2");
			// Enough requests for minutes: the run ends at the GOAWAY.
			try (IdleHttp2Connection idle = new IdleHttp2Connection(socket);
					H2load h2load = H2load.start(work.resolve("h2load-" + reload + ".txt"),
							"https://127.0.0.1:" + sample.port() + SLOW_HELLO, 10_000, 2, 4, 20)) {
				// Streams answered before the reload, and more in flight at it.
				await().atMost(Duration.ofSeconds(60)).until(() -> http2SlowHellos().size() > answeredBefore + 8);
				assertThat(h2load.isRunning()).as("h2load running at the reload").isTrue();
				assertThat(reload()).isEqualTo(200);
				LoadTools.H2load run = h2load.await();
				System.out.println("Jetty over TLS, h2load across reload " + (reload + 1) + ": " + run.started()
						+ " streams sent, " + run.succeeded() + " succeeded, " + run.status2xx() + " 2xx, of "
						+ run.total());
				assertThat(run.protocol()).as("ALPN").isEqualTo("h2");
				assertThat(run.started()).as("h2load stopped at the GOAWAY").isLessThan(run.total()).isPositive();
				assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
				assertThat(run.status3xx() + run.status4xx() + run.status5xx()).as(run.report()).isZero();
				assertThat(run.timeout()).as(run.report()).isZero();
				succeeded += run.succeeded();
				assertThat(idle.goAwaysUntilClosed()).containsExactly(
						new IdleHttp2Connection.GoAway(Integer.MAX_VALUE, 0), new IdleHttp2Connection.GoAway(0, 0));
				awaitDrained(drainsBefore);
				DrainOutcome drain = sample.application().status().lastDrain();
				assertThat(drain.generation()).isEqualTo(oldGeneration);
				assertThat(drain.forced()).as(drain.toString()).isZero();
			}
		}
		assertThat(http2SlowHellos()).hasSize((int) succeeded).containsOnly("200");
	}

	/** The status of each answer to h2load's requests in the access log, every generation's. */
	private static List<String> http2SlowHellos() throws IOException {
		return H2load.http2Answers(work.resolve("access.log"), SLOW_HELLO);
	}

	private static int http11Hellos() throws IOException {
		try (Stream<String> lines = Files.lines(work.resolve("access.log"))) {
			return (int) lines.filter((line) -> line.contains("\"GET /hello HTTP/1.1\" ")).count();
		}
	}

	private static void awaitDrained(long drainsBefore) {
		await().atMost(Duration.ofSeconds(40))
			.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
					&& sample.application().generations().size() == 1);
	}

	/** A TLS connection to the sample, its handshake done, offering these protocols by ALPN. */
	private static SSLSocket tlsSocket(String... applicationProtocols) throws IOException {
		Socket plain = RawHttpConnection.connect(new Socket(), sample.port());
		SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, "localhost", sample.port(), true);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setApplicationProtocols(applicationProtocols);
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	/** {@code POST /actuator/reload} over TLS as the sample's operator. */
	private static int reload() throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) URI
			.create("https://127.0.0.1:" + sample.port() + "/actuator/reload")
			.toURL()
			.openConnection();
		connection.setSSLSocketFactory(client.getSocketFactory());
		connection.setRequestMethod("POST");
		connection.setRequestProperty("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
		return readStatus(connection);
	}

	private static int readStatus(HttpURLConnection connection) throws IOException {
		try {
			int status = connection.getResponseCode();
			connection.getInputStream().readAllBytes();
			return status;
		}
		finally {
			connection.disconnect();
		}
	}

}
