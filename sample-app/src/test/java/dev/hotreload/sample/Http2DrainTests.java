package dev.hotreload.sample;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A draining generation's HTTP/2 connections (h2c here, with {@code server.http2.enabled})
 * get GOAWAY at drain start (or, with {@code going-away=after-grace}, after the grace,
 * being served until then), finish their streams in flight, and are closed gracefully
 * soon after, well before the drain timeout: seen frame by frame on a raw connection whose
 * client, unlike a real one, never closes it. With {@code going-away=never} they are served
 * until the drain timeout ends them. At shutdown they get GOAWAY too.
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
			BackToBackStreams streams = new BackToBackStreams(connection, 1, "/hello?delay=700");
			CompletableFuture<RunningSample.Response> reload = CompletableFuture.supplyAsync(sample::reload);
			RawHttp2Connection.Frame goAway = streams.untilGoAway();
			assertThat(goAway).as("GOAWAY").isNotNull();
			long goAwayNanos = System.nanoTime();
			int answered = streams.answered().size();
			int stream = streams.stream();
			assertThat(goAway.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
			assertThat(goAway.errorCode()).isZero();
			// The stream in flight at the GOAWAY completes, from the old generation.
			RawHttp2Connection.Frame lastGoAway = streams.untilClosed();
			long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goAwayNanos);
			assertThat(streams.answered()).hasSize(answered + 1).last().isEqualTo("Hello from generation 1\n");
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
			System.out.println("HTTP/2 drain (" + drainMode + "): " + answered
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

	/**
	 * With {@code going-away=after-grace} the draining generation goes on serving its
	 * HTTP/2 connections through the grace: a client that opens streams back to back on
	 * its connection gets them answered, and no GOAWAY, until the grace has passed since
	 * the switch; then the GOAWAY, the stream in flight at it completes, and the connection
	 * closes gracefully. A WebSocket beside it gets its 1001 after the grace too.
	 */
	@Test
	void withAGracePeriodHttp2ConnectionsAreServedThroughItAndGetGoAwayAfterIt() throws Exception {
		Duration grace = Duration.ofSeconds(2);
		try (RunningSample sample = RunningSample.start("--server.http2.enabled=true",
				"--hotreload.drain.going-away=after-grace", "--hotreload.drain.going-away-grace=" + grace.toSeconds() + "s");
				RawHttp2Connection http2 = new RawHttp2Connection(sample.port())) {
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			LongLivedConnectionsTests.Echo socket = LongLivedConnectionsTests.Echo.connect(http, sample.port());
			assertThat(socket.echo("hi")).isEqualTo("gen 1: hi");
			http2.get(1, "/hello");
			assertThat(bodyOf(http2, 1)).isEqualTo("Hello from generation 1\n");
			long drainsBefore = sample.application().statistics().drainDurations().count();
			// Streams back to back from before the reload until the GOAWAY, read by a thread
			// of their own: one is in flight at any moment of the switch and the grace,
			// however long the reload takes to answer on a busy machine.
			BackToBackStreams streams = new BackToBackStreams(http2, 3, "/hello?delay=200");
			// The switch, and so the grace's start, comes after this.
			long reloadAsked = System.nanoTime();
			CompletableFuture<RawHttp2Connection.Frame> goingAway = CompletableFuture.supplyAsync(streams::untilGoAwayUnchecked);
			assertThat(sample.reload().status()).isEqualTo(200);
			// ...and before its answer.
			long reloaded = System.nanoTime();
			RawHttp2Connection.Frame goAway = goingAway.get(60, TimeUnit.SECONDS);
			long goAwayNanos = System.nanoTime();
			List<Instant> answeredBeforeGoAway = List.copyOf(streams.answeredAt());
			assertThat(goAway).as("GOAWAY").isNotNull();
			assertThat(goAwayNanos - reloadAsked).as("GOAWAY not before the grace").isGreaterThanOrEqualTo(grace.toNanos());
			assertThat(goAwayNanos - reloaded).as("GOAWAY soon after the grace")
				.isLessThan(grace.plusSeconds(5).toNanos());
			// Served through the grace, by the old generation, on the same connection.
			assertThat(streams.answered()).isNotEmpty().allMatch("Hello from generation 1\n"::equals);
			assertThat(goAway.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
			assertThat(goAway.errorCode()).isZero();
			int answered = streams.answered().size();
			int inFlight = streams.stream();
			RawHttp2Connection.Frame lastGoAway = streams.untilClosed();
			assertThat(streams.answered()).as("the stream in flight at the GOAWAY completes")
				.hasSize(answered + 1)
				.last()
				.isEqualTo("Hello from generation 1\n");
			// The old generation answered after the new one served: answers read, as they
			// came, by the thread that read until the GOAWAY, after the switch (which the
			// status dates).
			ReloadResult reload = sample.application().status().lastReload();
			Instant switched = reload.startedAt().plusMillis(reload.durationMillis());
			assertThat(answeredBeforeGoAway).as("answers before the GOAWAY, after the switch at " + switched)
				.anyMatch((at) -> at.isAfter(switched));
			assertThat(lastGoAway).as("the last GOAWAY before the close").isNotNull();
			assertThat(lastGoAway.lastStreamId()).isEqualTo(inFlight);
			// The WebSocket, upgraded too, has its own going-away path, after the same grace.
			LongLivedConnectionsTests.Echo.Closed closed = socket.awaitClose(Duration.ofSeconds(15));
			assertThat(closed.status()).isEqualTo(1001);
			assertThat(closed.nanoTime() - reloadAsked).isGreaterThanOrEqualTo(grace.toNanos());
			await().atMost(Duration.ofSeconds(25))
				.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
						&& sample.application().generations().size() == 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.forced()).as(drain.toString()).isZero();
			System.out.println("HTTP/2 drain after a " + grace.toMillis() + " ms grace: " + answered
					+ " stream(s) answered by generation 1 after the switch, GOAWAY "
					+ TimeUnit.NANOSECONDS.toMillis(goAwayNanos - reloadAsked) + " ms after the reload was asked; "
					+ drain);
			try (RawHttp2Connection next = new RawHttp2Connection(sample.port())) {
				next.get(1, "/hello");
				assertThat(bodyOf(next, 1)).isEqualTo("Hello from generation 2\n");
			}
		}
	}

	/**
	 * With {@code going-away=never} hotreload sends no GOAWAY: a client that opens streams
	 * back to back on its connection goes on being answered by the old generation after the
	 * switch, until the drain timeout ends the connection (counted {@code forced}).
	 */
	@Test
	void withGoingAwayNeverHttp2ConnectionsAreServedUntilTheDrainTimeoutEndsThem() throws Exception {
		Duration drainTimeout = Duration.ofSeconds(3);
		try (RunningSample sample = RunningSample.start("--server.http2.enabled=true",
				"--hotreload.drain.going-away=never", "--hotreload.drain-timeout=" + drainTimeout.toSeconds() + "s");
				RawHttp2Connection http2 = new RawHttp2Connection(sample.port())) {
			http2.get(1, "/hello");
			assertThat(bodyOf(http2, 1)).isEqualTo("Hello from generation 1\n");
			long drainsBefore = sample.application().statistics().drainDurations().count();
			BackToBackStreams streams = new BackToBackStreams(http2, 3, "/hello?delay=200");
			CompletableFuture<RawHttp2Connection.Frame> goingAway = CompletableFuture.supplyAsync(streams::untilGoAwayUnchecked);
			assertThat(sample.reload().status()).isEqualTo(200);
			RawHttp2Connection.Frame goAway = goingAway.get(60, TimeUnit.SECONDS);
			Instant ended = Instant.now();
			ReloadResult reload = sample.application().status().lastReload();
			Instant switched = reload.startedAt().plusMillis(reload.durationMillis());
			System.out.println("HTTP/2 drain with going-away=never: " + streams.answered().size()
					+ " stream(s) answered by generation 1, " + ((goAway != null) ? "a GOAWAY " : "closed without a GOAWAY ")
					+ Duration.between(switched, ended).toMillis() + " ms after the switch (drain timeout "
					+ drainTimeout.toMillis() + " ms)");
			// Nothing ended the connection before the drain timeout, and the old generation
			// answered on it after the switch.
			assertThat(ended).isAfterOrEqualTo(switched.plus(drainTimeout));
			assertThat(streams.answered()).isNotEmpty().allMatch("Hello from generation 1\n"::equals);
			assertThat(streams.answeredAt()).anyMatch((at) -> at.isAfter(switched.plus(drainTimeout.dividedBy(2))));
			await().atMost(Duration.ofSeconds(25))
				.until(() -> sample.application().statistics().drainDurations().count() > drainsBefore
						&& sample.application().generations().size() == 1);
			DrainOutcome drain = sample.application().status().lastDrain();
			assertThat(drain.forced()).as(drain.toString()).isGreaterThanOrEqualTo(1);
			try (RawHttp2Connection next = new RawHttp2Connection(sample.port())) {
				next.get(1, "/hello");
				assertThat(bodyOf(next, 1)).isEqualTo("Hello from generation 2\n");
			}
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
