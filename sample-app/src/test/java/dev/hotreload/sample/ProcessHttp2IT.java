package dev.hotreload.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode over HTTP/2 (h2c, {@code server.http2.enabled}): h2load across worker
 * swaps. The retiring worker sends GOAWAY on its HTTP/2 connections as it is told to
 * retire, answers every stream that reached it, and exits; h2load's clients that get the
 * GOAWAY stop (h2load does not reconnect), so h2load runs again and again, and every
 * request it sent must have been answered 2xx, as the workers' shared access log shows
 * (the checks of {@link LoadToolsReloadIT}).
 */
class ProcessHttp2IT {

	private static final int SWAPS = 3;

	@TempDir
	Path work;

	@BeforeAll
	static void installLoadTools() throws Exception {
		LoadTools.install();
	}

	@Test
	void h2loadOverH2cAcrossWorkerSwaps() throws Exception {
		Path jar = SampleJars.copyTo(this.work);
		List<String> arguments = new ArrayList<>(LoadToolsReloadIT.accessLogArguments(this.work));
		arguments.add("--server.http2.enabled=true");
		List<LoadTools.H2load> runs;
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), arguments.toArray(String[]::new))
			.awaitServing()) {
			String url = "http://127.0.0.1:" + supervisor.port() + "/hello";
			// At a rate that leaves a new worker's JVM the CPU to start (2 cores here).
			runs = LoadToolsReloadIT.h2loadWhile(this.work, url, List.of("--rps", "50"),
					(loadRunning) -> swap(supervisor, loadRunning));
			assertThat(supervisor.status().path("currentGeneration").asInt()).isEqualTo(1 + SWAPS);
			// The serving worker's lines reach the access log before it stops.
			supervisor.signal("TERM");
			assertThat(supervisor.waitFor(Duration.ofSeconds(60))).isTrue();
		}
		assertThat(runs).allSatisfy((run) -> assertThat(run.protocol()).isEqualTo("h2c"));
		// Runs were cut by the retiring workers' GOAWAY: their clients stopped.
		assertThat(runs).as("runs cut by a GOAWAY").anySatisfy((run) -> assertThat(run.failed()).isPositive());
		// The POSTs went over HTTP/1.1, and awaitServing's GETs to /hello are in the log too.
		LoadToolsReloadIT.assertServerAnsweredExactlyWhatSucceeded(this.work, runs, 1);
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
			// Bounded by the reload timeout (60 s), then by the drain timeout (10 s).
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
