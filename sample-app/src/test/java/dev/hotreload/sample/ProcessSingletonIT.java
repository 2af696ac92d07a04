package dev.hotreload.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.util.FileSystemUtils;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.JobRuns;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process mode: the sample's 100 ms job and its inbox listener move between worker JVMs.
 * Across process reloads (and a context reload inside a worker) no two job runs overlap,
 * each generation runs after the one before, every message is consumed exactly once, and
 * the supervisor reports each move.
 */
class ProcessSingletonIT {

	private static final int PROCESS_RELOADS = 3;

	@TempDir
	Path temp;

	@Test
	void singletonWorkMovesBetweenWorkersWithoutOverlap() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path inbox = this.temp.resolve("inbox");
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort(),
				"--sample.jobs.file=" + this.temp.resolve("jobs.jsonl"), "--sample.inbox.directory=" + inbox,
				"--sample.inbox.consumed-file=" + this.temp.resolve("consumed.jsonl"))
			.awaitServing()) {
			AtomicBoolean producing = new AtomicBoolean(true);
			AtomicInteger produced = new AtomicInteger();
			Thread producer = new Thread(() -> SingletonReloadTests.produce(inbox, producing, produced),
					"inbox-producer");
			producer.start();
			List<String> failures = new ArrayList<>();
			try {
				for (int i = 0; i < PROCESS_RELOADS; i++) {
					expectSuccess(supervisor.client().reload(""), failures);
					RunningSample.sleep(1000);
				}
				expectSuccess(supervisor.client().reload("/context"), failures);
				RunningSample.sleep(1000);
			}
			finally {
				producing.set(false);
				producer.join();
			}
			SingletonReloadTests.awaitEmpty(inbox);
			RunningSample.sleep(500);
			assertThat(failures).isEmpty();

			List<JobRuns.Run> runs = JobRuns.fromJson(supervisor.client().get("/jobs").body());
			assertThat(JobRuns.overlaps(runs)).as("job runs of different generations that overlap")
				.isEmpty();
			assertThat(JobRuns.generationsInOrder(runs)).isSorted();
			int last = 2 + PROCESS_RELOADS;
			assertThat(new TreeSet<>(JobRuns.generationsInOrder(runs))).contains(1, last);
			List<Integer> consumers = SingletonReloadTests.consumersOnce(supervisor.client().get("/messages").body(),
					produced.get());
			JsonNode handOver = supervisor.status().get("lastSingletonHandOver");
			assertThat(handOver.get("to").asInt()).isEqualTo(last);
			assertThat(handOver.get("from").asInt()).isEqualTo(last - 1);
			assertThat(supervisor.log()).contains("Singletons moved from generation 1 (worker process) to 2");
			System.out.println("ProcessSingletonIT: " + runs.size() + " job runs over " + PROCESS_RELOADS
					+ " process reloads and 1 context reload, 0 overlaps; largest gap between generations: "
					+ JobRuns.largestGapAtSwitches(runs).toMillis() + " ms; " + produced.get()
					+ " messages each consumed once by " + new TreeSet<>(consumers) + "; last hand-over " + handOver);
			supervisor.log().lines().filter((line) -> line.contains("Singletons moved")).forEach(System.out::println);
		}
	}

	@Test
	void aWorkerRetiredWhileItsRunIsUnderWayHoldsBackTheNextWorkersEvenAfterAnotherReload() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		// Each run works 6 s: a retired worker's stop waits for the run under way, longer
		// than the next reload takes to switch.
		// The job log by default: the run's own, named by the supervisor's pid, shared by its workers.
		SupervisorProcess started = SupervisorProcess.start(jar, RunningSampleClient.freePort(),
				"--sample.inbox.directory=" + this.temp.resolve("inbox"),
				"--sample.inbox.consumed-file=" + this.temp.resolve("consumed.jsonl"), "--sample.jobs.work=6s");
		Path run = SampleRun.directoryOf(started.pid());
		try (SupervisorProcess supervisor = started.awaitServing()) {
			List<String> failures = new ArrayList<>();
			RunningSample.sleep(1000);
			expectSuccess(supervisor.client().reload(""), failures);
			expectSuccess(supervisor.client().reload(""), failures);
			RunningSample.sleep(14_000);
			assertThat(failures).isEmpty();
			List<JobRuns.Run> runs = JobRuns.fromJson(supervisor.client().get("/jobs").body());
			assertThat(JobRuns.overlaps(runs)).as("job runs of different generations that overlap")
				.isEmpty();
			assertThat(JobRuns.generationsInOrder(runs)).isSorted().contains(1, 3);
			Map<Long, Set<Long>> pidsByGeneration = new RunLog(run.resolve("jobs.jsonl")).read()
				.stream()
				.collect(Collectors.groupingBy((record) -> (Long) record.get("generation"),
						Collectors.mapping((record) -> (Long) record.get("pid"), Collectors.toSet())));
			assertThat(pidsByGeneration.get(1L)).as("worker 1's pids").hasSize(1);
			assertThat(pidsByGeneration.get(3L)).as("worker 3's pids").hasSize(1).doesNotContainAnyElementsOf(
					pidsByGeneration.get(1L));
			System.out.println("ProcessSingletonIT: two reloads while generation 1's 6 s run was under way: runs "
					+ runs + "; 0 overlaps");
			supervisor.log().lines().filter((line) -> line.contains("Singletons moved")).forEach(System.out::println);
		}
		finally {
			FileSystemUtils.deleteRecursively(run);
		}
	}

	private static void expectSuccess(Answer answer, List<String> failures) {
		if (answer.status() != 200) {
			failures.add(answer.status() + " " + answer.body());
		}
	}

}
