package dev.hotreload.sample;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hotreload.reload.DrainOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A draining generation's HTTP/2 connections (h2c here, with {@code server.http2.enabled})
 * get GOAWAY at drain start, finish their streams in flight, and are closed gracefully
 * soon after, well before the drain timeout: seen frame by frame on a raw connection whose
 * client, unlike a real one, never closes it. At shutdown they get GOAWAY too.
 */
class Http2DrainTests {

	/** Tomcat closes an idle HTTP/2 connection after this by itself: the close must come sooner. */
	private static final Duration TOMCAT_HTTP2_KEEP_ALIVE = Duration.ofSeconds(20);

	@ParameterizedTest
	@ValueSource(strings = { "migrate", "close" })
	void aStreamInFlightCompletesAfterGoAwayAndTheConnectionClosesGracefully(String drainMode) throws Exception {
		try (RunningSample sample = RunningSample.start("--server.http2.enabled=true",
				"--hotreload.drain.mode=" + drainMode, "--hotreload.drain-timeout=30s");
				RawHttp2Connection connection = new RawHttp2Connection(sample.port())) {
			long drainsBefore = sample.application().statistics().drainDurations().count();
			// Back-to-back slow requests on one connection, so that one is in flight whenever
			// the switch comes, however long the reload takes on a busy machine.
			int stream = 1;
			connection.get(stream, "/hello?delay=700");
			CompletableFuture<RunningSample.Response> reload = CompletableFuture.supplyAsync(sample::reload);
			List<String> answered = new ArrayList<>();
			RawHttp2Connection.Frame goAway = null;
			boolean status200 = false;
			StringBuilder body = new StringBuilder();
			while (goAway == null) {
				RawHttp2Connection.Frame frame = connection.next();
				assertThat(frame).as("frame before GOAWAY").isNotNull();
				assertThat(frame.type()).isNotEqualTo(0x3);
				if (frame.type() == RawHttp2Connection.GOAWAY) {
					goAway = frame;
				}
				else if (frame.streamId() == stream && frame.isStatus200()) {
					status200 = true;
				}
				else if (frame.streamId() == stream && frame.type() == RawHttp2Connection.DATA) {
					body.append(frame.text());
				}
				if (frame.streamId() == stream && frame.endsStream()) {
					assertThat(status200).isTrue();
					answered.add(body.toString());
					body.setLength(0);
					status200 = false;
					stream += 2;
					connection.get(stream, "/hello?delay=700");
				}
			}
			long goAwayNanos = System.nanoTime();
			assertThat(goAway.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
			assertThat(goAway.errorCode()).isZero();
			// The stream in flight at the GOAWAY completes, from the old generation.
			String inFlight = null;
			RawHttp2Connection.Frame lastGoAway = null;
			RawHttp2Connection.Frame frame;
			while ((frame = connection.next()) != null) {
				assertThat(frame.type()).as("no RST_STREAM").isNotEqualTo(0x3);
				if (frame.type() == RawHttp2Connection.GOAWAY) {
					lastGoAway = frame;
				}
				else if (frame.streamId() == stream && frame.isStatus200()) {
					status200 = true;
				}
				else if (frame.streamId() == stream && frame.type() == RawHttp2Connection.DATA) {
					body.append(frame.text());
				}
				if (frame.streamId() == stream && frame.endsStream()) {
					assertThat(status200).isTrue();
					inFlight = body.toString();
				}
			}
			long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goAwayNanos);
			assertThat(inFlight).isEqualTo("Hello from generation 1\n");
			assertThat(lastGoAway).as("the last GOAWAY before the close").isNotNull();
			assertThat(lastGoAway.lastStreamId()).isEqualTo(stream);
			assertThat(lastGoAway.errorCode()).isZero();
			// Tomcat alone would close it at its HTTP/2 keep-alive timeout.
			assertThat(Duration.ofMillis(closedMillis)).isLessThan(TOMCAT_HTTP2_KEEP_ALIVE);
			assertThat(reload.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(25))
				.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
						&& sample.application().generations().size() == 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.generation()).isEqualTo(1);
			assertThat(drain.forced()).isZero();
			assertThat(drain.closed()).isGreaterThanOrEqualTo(1);
			long drainMillis = Math.round(sample.application().statistics().drainDurations().totalNanos() / 1_000_000);
			System.out.println("HTTP/2 drain (" + drainMode + "): " + answered.size()
					+ " stream(s) answered before the GOAWAY, stream " + stream + " in flight at it completed; "
					+ "connection closed " + closedMillis + " ms after the GOAWAY; generation 1 closed "
					+ drainMillis + " ms after the switch (drain timeout 30 s); " + drain);
			try (RawHttp2Connection next = new RawHttp2Connection(sample.port())) {
				next.get(1, "/hello");
				assertThat(bodyOf(next, 1)).isEqualTo("Hello from generation 2\n");
			}
		}
	}

	@Test
	void atShutdownHttp2ConnectionsGetGoAwayAndTheStreamInFlightCompletes() throws Exception {
		RunningSample sample = RunningSample.start("--server.http2.enabled=true");
		try (RawHttp2Connection connection = new RawHttp2Connection(sample.port())) {
			connection.get(1, "/hello");
			assertThat(bodyOf(connection, 1)).isEqualTo("Hello from generation 1\n");
			connection.get(3, "/hello?delay=1500");
			// The request is on its way; the application stops meanwhile.
			RunningSample.sleep(300);
			CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
				try {
					sample.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			RawHttp2Connection.Frame goAway = connection.next();
			assertThat(goAway).isNotNull();
			assertThat(goAway.type()).as("GOAWAY before the response").isEqualTo(RawHttp2Connection.GOAWAY);
			assertThat(goAway.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
			assertThat(bodyOf(connection, 3)).isEqualTo("Hello from generation 1\n");
			shutdown.get(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void webSocketsKeepTheirOwnGoingAwayPathWithHttp2On() throws Exception {
		Duration grace = Duration.ofSeconds(3);
		try (RunningSample sample = RunningSample.start("--server.http2.enabled=true",
				"--hotreload.drain.going-away=after-grace", "--hotreload.drain.going-away-grace=" + grace.toSeconds() + "s");
				RawHttp2Connection http2 = new RawHttp2Connection(sample.port())) {
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			LongLivedConnectionsTests.Echo socket = LongLivedConnectionsTests.Echo.connect(http, sample.port());
			assertThat(socket.echo("hi")).isEqualTo("gen 1: hi");
			http2.get(1, "/hello");
			assertThat(bodyOf(http2, 1)).isEqualTo("Hello from generation 1\n");
			long reloaded = System.nanoTime();
			assertThat(sample.reload().status()).isEqualTo(200);
			// The HTTP/2 connection, an upgraded one, gets GOAWAY and is closed after its
			// second...
			boolean goAway = false;
			RawHttp2Connection.Frame frame;
			while ((frame = http2.next()) != null) {
				goAway |= frame.type() == RawHttp2Connection.GOAWAY;
			}
			assertThat(goAway).isTrue();
			// ...the WebSocket, upgraded too, is left to its grace period and its 1001.
			assertThat(socket.closed()).as("WebSocket closed with the HTTP/2 connection").isNull();
			assertThat(socket.echo("in grace")).isEqualTo("gen 1: in grace");
			LongLivedConnectionsTests.Echo.Closed closed = socket.awaitClose(Duration.ofSeconds(15));
			assertThat(closed.status()).isEqualTo(1001);
			assertThat(closed.nanoTime() - reloaded).isGreaterThanOrEqualTo(grace.toNanos());
		}
	}

	private static String bodyOf(RawHttp2Connection connection, int stream) throws Exception {
		RawHttp2Connection.Frame frame;
		boolean status200 = false;
		StringBuilder body = new StringBuilder();
		while ((frame = connection.next()) != null) {
			if (frame.streamId() == stream && frame.isStatus200()) {
				status200 = true;
			}
			else if (frame.streamId() == stream && frame.type() == RawHttp2Connection.DATA) {
				body.append(frame.text());
			}
			if (frame.streamId() == stream && frame.endsStream()) {
				assertThat(status200).isTrue();
				return body.toString();
			}
		}
		throw new AssertionError("Connection closed before stream " + stream + " ended");
	}

}
