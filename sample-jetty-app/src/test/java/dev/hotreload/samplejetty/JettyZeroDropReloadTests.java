package dev.hotreload.samplejetty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.MixedLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reloads the Jetty sample 10 times while real clients keep it busy (keep-alive clients,
 * clients opening a connection per request, slow requests that span switches, and wrk and
 * hey on keep-alive connections of their own), and fails on any request a client or tool
 * did not get a 200 for. The sample's 100 ms scheduled job runs in one generation at a
 * time across those reloads: no two of its runs of different generations overlap, and each
 * generation's runs come in one stretch, after the generation before's.
 */
class JettyZeroDropReloadTests {

	private static final int RELOADS = 10;

	@TempDir
	Path directory;

	@BeforeAll
	static void installLoadTools() throws Exception {
		LoadTools.install();
	}

	@Test
	void noClientSeesAnErrorAcrossReloadsUnderLoad() throws Exception {
		Path jobs = this.directory.resolve("jobs.jsonl");
		// Runs of 50 ms (20 ms by default): two generations' runs, were both to run the job
		// at once, would overlap two times in three, so the check sees it.
		try (JettySample sample = JettySample.start("--sample.jobs.file=" + jobs, "--sample.jobs.work=50ms")) {
			List<String> reloadFailures = new ArrayList<>();
			MixedLoad load = MixedLoad.start(sample.port(), this.directory, 4, 2, 2, 700);
			try {
				JettySample.sleep(500);
				for (int i = 0; i < RELOADS; i++) {
					JettySample.Response response = sample.reload();
					if (response.status() != 200) {
						reloadFailures.add(response.status() + " " + response.body());
					}
					// Let slow requests started on this generation span the next switch.
					JettySample.sleep(300);
				}
				JettySample.sleep(1000);
			}
			finally {
				load.close();
			}
			System.out.println("Jetty, " + RELOADS + " reloads under mixed load: " + load.summary() + "; "
					+ load.failures().size() + " failures in all, generations seen "
					+ new TreeSet<>(load.generationsSeen()));
			assertThat(reloadFailures).isEmpty();
			assertThat(load.failures()).isEmpty();
			assertThat(sample.application().currentGeneration()).isEqualTo(1 + RELOADS);
			assertThat(load.generationsSeen()).contains(1, 1 + RELOADS).hasSizeGreaterThan(RELOADS / 2);
			assertThat(load.clientsSucceeded()).isGreaterThan(100);
			assertThat(load.wrkRequests()).as("wrk's requests").isPositive();
			assertThat(load.heyResponses()).as("hey's responses").isPositive();
			singletonWorkRanInOneGenerationAtATime(jobs, 1 + RELOADS);
		}
	}

	private static void singletonWorkRanInOneGenerationAtATime(Path jobs, int serving) {
		// The serving generation's first run: when the scheduler gets the CPU for it.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> JobRuns.fromFile(jobs).stream().anyMatch((run) -> run.generation() == serving));
		List<JobRuns.Run> runs = JobRuns.fromFile(jobs);
		System.out.println("Jetty, job runs across " + RELOADS + " reloads under load: " + runs.size()
				+ " runs by generations " + JobRuns.stretches(runs) + ", " + JobRuns.overlaps(runs).size()
				+ " overlaps; largest gap between the last run of a generation and the first of the next: "
				+ JobRuns.largestGapAtSwitches(runs).toMillis() + " ms");
		assertThat(JobRuns.overlaps(runs)).as("job runs of different generations that overlap").isEmpty();
		assertThat(JobRuns.generationsInOrder(runs)).as("generations in the order they ran the job").isSorted();
		assertThat(JobRuns.stretches(runs)).contains(1, serving);
	}

}
