package dev.hotreload.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's job log is the run's own by default: in a directory named by the pid of
 * the JVM it runs in, shared by the run's generations, each record naming its pid (two
 * sample JVMs on one machine used to append to one file in the temp directory). Process
 * mode, where the supervisor's pid names it: {@code ProcessSingletonIT}.
 */
class SampleRunTests {

	@Test
	void theJobLogIsInTheRunsOwnDirectoryAndSharedByItsGenerations() throws Exception {
		long pid = ProcessHandle.current().pid();
		Path log = SampleRun.directory().resolve("jobs.jsonl");
		Instant jvmStarted = ProcessHandle.current().info().startInstant().orElseThrow();
		assertThat(SampleRun.directory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "hotreload-sample",
				"run-" + pid + "-" + jvmStarted.toEpochMilli()));
		// Earlier applications in this JVM are the same run by pid: only this one's records count.
		Instant started = Instant.now();
		try (RunningSample sample = RunningSample.start()) {
			assertThat(sample.reload().status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> generations(runsSince(log, started)).containsAll(List.of(1L, 2L)));
			assertThat(runsSince(log, started)).allSatisfy((run) -> assertThat(run).containsEntry("pid", pid));
			assertThat(sample.get("/jobs").body()).contains("\"pid\":" + pid);
			assertThat(SampleRun.directory().resolve("inbox")).isDirectory();
		}
	}

	private static List<Map<String, Object>> runsSince(Path log, Instant since) {
		return new RunLog(log).read()
			.stream()
			.filter((run) -> Instant.parse((String) run.get("start")).isAfter(since))
			.toList();
	}

	private static Set<Object> generations(List<Map<String, Object>> runs) {
		return runs.stream().map((run) -> run.get("generation")).collect(Collectors.toSet());
	}

}
