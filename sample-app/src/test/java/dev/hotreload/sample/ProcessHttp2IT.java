package dev.hotreload.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.LoadTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode over HTTP/2 (h2c, {@code server.http2.enabled}): h2load across worker
 * swaps, with {@code hotreload.drain.going-away=after-grace}. A retiring worker goes on
 * serving the HTTP/2 connections it has, without a GOAWAY, for the grace, which is longer
 * than an h2load run; each run's connections close when it ends, and the worker exits. So
 * h2load, which does not reconnect after a GOAWAY, sees not one failed or errored request:
 * every run is h2c and all 2xx, the workers' shared access log holds exactly what h2load
 * counted succeeded, and every generation answered some of it (the checks of
 * {@link LoadToolsReloadIT}). Without the grace, the GOAWAY at retirement stops the
 * clients of the run under way (their remaining requests count failed and errored).
 */
class ProcessHttp2IT {

	private static final int SWAPS = 2;

	/** Requests per h2load run: 5 s at 4 clients times 50 requests/s. */
	private static final int REQUESTS = 1000;

	/** Twice a run: whatever part of a run is left at a retirement ends within it. */
	private static final Duration GRACE = Duration.ofSeconds(10);

	@TempDir
	Path work;

	@BeforeAll
	static void installLoadTools() throws Exception {
		LoadTools.install();
	}

	@Test
	void h2loadOverH2cAcrossWorkerSwapsSeesNoErrorWithAGrace() throws Exception {
		Path jar = SampleJars.copyTo(this.work);
		List<String> arguments = new ArrayList<>(LoadToolsReloadIT.accessLogArguments(this.work));
		arguments.addAll(List.of("--server.http2.enabled=true", "--hotreload.drain.going-away=after-grace",
				"--hotreload.drain.going-away-grace=" + GRACE.toSeconds() + "s", "--hotreload.drain-timeout=30s"));
		List<LoadTools.H2load> runs;
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), arguments.toArray(String[]::new))
			.awaitServing()) {
			String url = "http://127.0.0.1:" + supervisor.port() + "/hello";
			// At a rate that leaves a new worker's JVM the CPU to start (2 cores here).
			runs = LoadToolsReloadIT.h2loadWhile(this.work, url, REQUESTS, List.of("--rps", "50"),
					(loadRunning) -> swap(supervisor, loadRunning));
			assertThat(supervisor.status().path("currentGeneration").asInt()).isEqualTo(1 + SWAPS);
			// The serving worker's lines reach the access log before it stops.
			supervisor.signal("TERM");
			assertThat(supervisor.waitFor(Duration.ofSeconds(60))).isTrue();
		}
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.protocol()).isEqualTo("h2c");
			assertThat(run.failed()).as(run.report()).isZero();
			assertThat(run.errored()).as(run.report()).isZero();
			assertThat(run.status2xx()).as(run.report()).isEqualTo(run.total());
		});
		// The POSTs went over HTTP/1.1, and awaitServing's GETs to /hello are in the log too.
		LoadToolsReloadIT.assertServerAnsweredExactlyWhatSucceeded(this.work, runs, 1);
		// Every worker served h2load: the requests after each swap reached the new worker.
		Map<Integer, Long> byGeneration = LoadToolsReloadIT.hellosByGeneration(this.work);
		System.out.println("GET /hello answered by generation: " + byGeneration);
		assertThat(byGeneration.keySet()).containsExactly(1, 2, 3);
		assertThat(byGeneration.values()).allSatisfy((count) -> assertThat(count).isPositive());
	}

	/**
	 * A worker standing by for a rollback follows the going-away policy from the switch, as
	 * a retiring one does: with {@code after-grace}, streams opened back to back on its h2c
	 * connection go on being answered by generation 1 after the reload has answered, and the
	 * GOAWAY comes once the grace has passed, while the worker still stands by; the stream in
	 * flight at it completes there, and a new connection reaches the new worker.
	 */
	@Test
	void aWorkerStandingByForARollbackSendsItsGoAwayAfterTheGrace() throws Exception {
		Duration grace = Duration.ofSeconds(3);
		Path jar = SampleJars.copyTo(this.work);
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--server.http2.enabled=true",
					"--hotreload.drain.going-away=after-grace",
					"--hotreload.drain.going-away-grace=" + grace.toSeconds() + "s", "--hotreload.rollback.window=60s")
			.awaitServing(); RawHttp2Connection http2 = new RawHttp2Connection(supervisor.port())) {
			BackToBackStreams streams = new BackToBackStreams(http2, 1, "/hello?delay=200");
			long asked = System.nanoTime();
			CompletableFuture<RawHttp2Connection.Frame> goingAway = CompletableFuture
				.supplyAsync(streams::untilGoAwayUnchecked);
			Answer reload = supervisor.client().reload("");
			Instant answered = Instant.now();
			assertThat(reload.status()).as(reload.body()).isEqualTo(200);
			RawHttp2Connection.Frame goAway = goingAway.get(60, TimeUnit.SECONDS);
			long goAwayNanos = System.nanoTime();
			assertThat(goAway).as("GOAWAY").isNotNull();
			assertThat(goAway.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
			// At the switch (before the reload's answer) it would be the GOAWAY at drain start.
			assertThat(streams.goAwayAt()).as("GOAWAY after the reload's answer").isAfter(answered);
			assertThat(goAwayNanos - asked).as("GOAWAY not before the grace").isGreaterThanOrEqualTo(grace.toNanos());
			assertThat(supervisor.workerStates()).as("at the GOAWAY").containsExactly("1:STANDBY", "2:ACTIVE");
			assertThat(streams.answered()).allMatch("Hello from generation 1\n"::equals);
			assertThat(streams.answeredAt()).as("answered after the reload's answer at " + answered)
				.anyMatch((at) -> at.isAfter(answered));
			assertThat(streams.untilLastAnswered()).as("the stream in flight at the GOAWAY")
				.isEqualTo("Hello from generation 1\n");
			System.out.println("HTTP/2 on a worker standing by (grace " + grace.toMillis() + " ms): "
					+ streams.answered().size() + " streams answered by generation 1, GOAWAY "
					+ TimeUnit.NANOSECONDS.toMillis(goAwayNanos - asked) + " ms after the reload was asked");
			try (RawHttp2Connection next = new RawHttp2Connection(supervisor.port())) {
				assertThat(new BackToBackStreams(next, 1, "/hello").untilLastAnswered())
					.isEqualTo("Hello from generation 2\n");
			}
		}
	}

	/**
	 * With {@code hotreload.drain.going-away=never}, a retiring worker sends no GOAWAY: its
	 * h2c connection goes on carrying streams, answered by generation 1, until the retiring
	 * worker's drain timeout ends it (counted forced), as in one JVM
	 * ({@code Http2DrainTests}); a new connection reaches the new worker.
	 */
	@Test
	void withGoingAwayNeverARetiringWorkersConnectionIsServedUntilItsDrainTimeout() throws Exception {
		Duration drainTimeout = Duration.ofSeconds(3);
		Path jar = SampleJars.copyTo(this.work);
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--server.http2.enabled=true",
					"--hotreload.drain.going-away=never",
					"--hotreload.drain-timeout=" + drainTimeout.toSeconds() + "s")
			.awaitServing(); RawHttp2Connection http2 = new RawHttp2Connection(supervisor.port())) {
			BackToBackStreams streams = new BackToBackStreams(http2, 1, "/hello?delay=200");
			CompletableFuture<RawHttp2Connection.Frame> goingAway = CompletableFuture
				.supplyAsync(streams::untilGoAwayUnchecked);
			Answer reload = supervisor.client().reload("");
			assertThat(reload.status()).as(reload.body()).isEqualTo(200);
			RawHttp2Connection.Frame goAway = goingAway.get(60, TimeUnit.SECONDS);
			Instant ended = Instant.now();
			JsonNode last = supervisor.status().path("lastReload");
			Instant switched = Instant.parse(last.path("startedAt").asText())
				.plusMillis(last.path("durationMillis").asLong());
			System.out.println("HTTP/2 on a retiring worker with going-away=never: " + streams.answered().size()
					+ " stream(s) answered by generation 1, " + ((goAway != null) ? "a GOAWAY " : "closed without a GOAWAY ")
					+ Duration.between(switched, ended).toMillis() + " ms after the switch (drain timeout "
					+ drainTimeout.toMillis() + " ms)");
			// Nothing ended the connection before the drain timeout, and the retiring worker
			// answered on it after the switch.
			assertThat(ended).isAfterOrEqualTo(switched.plus(drainTimeout));
			assertThat(streams.answered()).isNotEmpty().allMatch("Hello from generation 1\n"::equals);
			assertThat(streams.answeredAt()).anyMatch((at) -> at.isAfter(switched.plus(drainTimeout.dividedBy(2))));
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> supervisor.workerPids().size() == 1
						&& supervisor.status().path("lastDrain").path("generation").asInt() == 1);
			JsonNode drain = supervisor.status().get("lastDrain");
			assertThat(drain.get("forced").asInt()).as(drain.toString()).isGreaterThanOrEqualTo(1);
			try (RawHttp2Connection next = new RawHttp2Connection(supervisor.port())) {
				assertThat(new BackToBackStreams(next, 1, "/hello").untilLastAnswered())
					.isEqualTo("Hello from generation 2\n");
			}
		}
	}

	/**
	 * Swaps the worker {@value #SWAPS} times while h2load runs (SIGHUP, as systemd's
	 * {@code ExecReload} sends it), each time waiting until the retired worker has exited,
	 * its drain not forced.
	 * @return how long each swap took, from the signal to the retired worker's exit, in ms
	 */
	private static List<Long> swap(SupervisorProcess supervisor, LoadToolsReloadIT.LoadRunning loadRunning)
			throws Exception {
		List<Long> swaps = new ArrayList<>();
		RunningSample.sleep(1500);
		for (int i = 0; i < SWAPS; i++) {
			assertThat(loadRunning.isRunning()).as("load still running at swap " + (i + 1)).isTrue();
			int retiring = supervisor.status().path("currentGeneration").asInt();
			long signalled = System.nanoTime();
			supervisor.signal("HUP");
			// Bounded by the reload timeout (60 s), then by the drain timeout (30 s).
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> supervisor.workerPids().size() == 1
						&& supervisor.status().path("lastDrain").path("generation").asInt() == retiring);
			assertThat(supervisor.status().path("lastReload").path("outcome").asText()).isEqualTo("SUCCESS");
			swaps.add(Duration.ofNanos(System.nanoTime() - signalled).toMillis());
			JsonNode drain = supervisor.status().get("lastDrain");
			assertThat(drain.get("forced").asInt()).as(drain.toString()).isZero();
			RunningSample.sleep(1000);
		}
		assertThat(loadRunning.isRunning()).as("load still running after the swaps").isTrue();
		return swaps;
	}

}
