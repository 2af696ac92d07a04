package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.hotreload.context.Generation;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback to the warm previous generation, with the sample made unhealthy by its
 * external configuration file: a generation down from the start is not switched to; one
 * that goes down after the switch, within {@code hotreload.rollback.window}, hands traffic
 * back to the previous generation while clients keep being served.
 */
@ExtendWith(OutputCaptureExtension.class)
class RollbackTests {

	@TempDir
	Path config;

	private String configLocation() {
		return ExternalConfig.location(this.config);
	}

	private void writeConfig(String... lines) throws IOException {
		ExternalConfig.write(this.config, lines);
	}

	@Test
	void generationDownFromTheStartIsNotSwitchedTo() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.greeting=Sick", "sample.health.down=true");
			RunningSample.Response refused = sample.reload();
			assertThat(refused.status()).isEqualTo(500);
			assertThat(refused.body()).contains("\"generation\":2", "\"outcome\":\"FAILURE\"",
					"health DOWN: readiness group, sample DOWN {reason=sample.health.down=true}");
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(sample.application().status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation)
					.containsExactly(1));
		}
	}

	@Test
	void generationThatGoesDownInTheWindowIsRolledBackUnderLoad(CapturedOutput output) throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.greeting=Flaky", "sample.health.down-after=2s", "hotreload.rollback.window=30s");
			Instant servingAgain;
			Instant wentDown;
			long requests;
			List<String> failures;
			try (LoadGenerator load = new LoadGenerator(sample.port(), 4, 4, 2, 200)) {
				RunningSample.sleep(500);
				RunningSample.Response switched = sample.reload();
				assertThat(switched.status()).isEqualTo(200);
				assertThat(switched.body()).contains("\"generation\":2", "\"outcome\":\"SUCCESS\"");

				// Generation 2 goes down 2 s after it became ready: on a loaded machine it may be
				// rolled back before this thread reads a status, so the window's opening is
				// checked in the log, after the fact.
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
					.until(() -> sample.application().currentGeneration() == 1);
				servingAgain = Instant.now();
				// Traffic on the previous generation again, under the same load.
				RunningSample.sleep(1000);
				requests = load.succeeded();
				failures = load.failures();
				assertThat(load.generationsSeen()).contains(1, 2);
			}
			assertThat(failures).isEmpty();
			assertThat(requests).isPositive();

			ReloadStatus status = sample.application().status();
			assertThat(status.currentGeneration()).isEqualTo(1);
			assertThat(status.rollbackWindow()).isNull();
			assertThat(status.lastReload().generation()).isEqualTo(2);
			assertThat(status.lastReload().outcome()).isEqualTo(ReloadOutcome.ROLLED_BACK);
			assertThat(status.lastReload().error()).contains("health DOWN: readiness group, sample DOWN");
			wentDown = downSince(status.lastReload().error());
			assertThat(sample.application().statistics()
				.count(ReloadStatistics.tagValue(ReloadOutcome.ROLLED_BACK), ReloadTrigger.ENDPOINT)).isOne();
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			await().atMost(Duration.ofSeconds(35))
				.untilAsserted(() -> assertThat(sample.application().status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation, ReloadStatus.GenerationStatus::state)
					.containsExactly(org.assertj.core.groups.Tuple.tuple(1, GenerationState.ACTIVE)));
			assertThat(output).contains("Generation 1 stands by until", "while generation 2 is watched", "WARN",
					"Rolled back generation 2: health DOWN");
			System.out.println("Rollback under load: " + requests + " requests, " + failures.size()
					+ " failed; generation 1 served again " + Duration.between(wentDown, servingAgain).toMillis()
					+ " ms after generation 2's health went down");
		}
	}

	@Test
	void singletonWorkFollowsTrafficToTheNewGenerationAndBackAtARollback(@TempDir Path jobs) throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation(),
				"--sample.jobs.file=" + jobs.resolve("jobs.jsonl"))) {
			writeConfig("sample.hello.status=500", "hotreload.rollback.window=30s",
					"hotreload.rollback.minimum-responses=10");
			RunningSample.sleep(500);
			assertThat(sample.reload().status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> JobRuns.fromJson(sample.get("/jobs").body())
					.stream()
					.anyMatch((run) -> run.generation() == 2));
			for (int i = 0; i < 10; i++) {
				sample.get("/hello");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> sample.application().currentGeneration() == 1);
			Instant rolledBack = Instant.now();
			// Generation 1's paused job resumes: its runs continue after the rollback.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> JobRuns.fromJson(sample.get("/jobs").body())
					.stream()
					.anyMatch((run) -> run.generation() == 1 && run.start().isAfter(rolledBack)));
			List<JobRuns.Run> runs = JobRuns.fromJson(sample.get("/jobs").body());
			assertThat(JobRuns.overlaps(runs)).isEmpty();
			assertThat(JobRuns.generationsInOrder(runs)).containsSubsequence(1, 2, 1)
				.as("generation 2 ran nothing after the rollback")
				.endsWith(1);
		}
	}

	@Test
	void generationAnsweringMostly5xxInTheWindowIsRolledBack() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.hello.status=500", "hotreload.rollback.window=30s",
					"hotreload.rollback.minimum-responses=10");
			assertThat(sample.reload().status()).isEqualTo(200);
			// Below the minimum, 5xx alone do not roll back.
			for (int i = 0; i < 9; i++) {
				assertThat(sample.get("/hello").status()).isEqualTo(500);
			}
			RunningSample.sleep(300);
			assertThat(sample.application().currentGeneration()).isEqualTo(2);
			assertThat(sample.get("/hello").status()).isEqualTo(500);
			await().atMost(Duration.ofSeconds(10)).until(() -> sample.application().currentGeneration() == 1);
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			ReloadStatus status = sample.application().status();
			assertThat(status.lastReload().outcome()).isEqualTo(ReloadOutcome.ROLLED_BACK);
			assertThat(status.lastReload().error()).startsWith("Rolled back: 5xx responses: 10 of ");
		}
	}

	@Test
	void shutdownDuringTheWindowClosesBothGenerations() throws Exception {
		writeConfig("sample.greeting=Hi");
		RunningSample sample = RunningSample.start(configLocation());
		writeConfig("sample.greeting=Second", "hotreload.rollback.window=60s");
		assertThat(sample.reload().status()).isEqualTo(200);
		List<Generation> generations = sample.application().generations();
		assertThat(generations).extracting(Generation::state)
			.containsExactly(GenerationState.STANDBY, GenerationState.ACTIVE);
		sample.close();
		assertThat(generations).allSatisfy((generation) -> assertThat(generation.context()).satisfiesAnyOf(
				(context) -> assertThat(context).isNull(), (context) -> assertThat(context.isActive()).isFalse()));
		assertThat(sample.application().status().rollbackWindow()).isNull();
	}

	@Test
	void windowThatPassesClosesThePreviousGeneration() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.greeting=Fine", "hotreload.rollback.window=2s");
			assertThat(sample.reload().status()).isEqualTo(200);
			assertThat(sample.application().status().generations()).extracting(ReloadStatus.GenerationStatus::state)
				.containsExactly(GenerationState.STANDBY, GenerationState.ACTIVE);
			assertThat(sample.get("/hello").body()).isEqualTo("Fine from generation 2\n");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(sample.application().status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation)
					.containsExactly(2));
			ReloadStatus status = sample.application().status();
			assertThat(status.rollbackWindow()).isNull();
			assertThat(status.lastReload().outcome()).isEqualTo(ReloadOutcome.SUCCESS);
		}
	}

	@Test
	void reloadDuringTheWindowKeepsTheServingGeneration() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.greeting=Second", "hotreload.rollback.window=60s");
			assertThat(sample.reload().status()).isEqualTo(200);
			writeConfig("sample.greeting=Third", "hotreload.rollback.window=60s");
			assertThat(sample.reload().status()).isEqualTo(200);
			assertThat(sample.get("/hello").body()).isEqualTo("Third from generation 3\n");
			ReloadStatus status = sample.application().status();
			assertThat(status.rollbackWindow().generation()).isEqualTo(3);
			assertThat(status.rollbackWindow().previousGeneration()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(sample.application().status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation)
					.containsExactly(2, 3));
		}
	}

	/** When the sample's indicator went down, as the health details in a reload's error say. */
	private static Instant downSince(String error) {
		Matcher since = Pattern.compile("downSince=([^,}]+)").matcher(error);
		assertThat(since.find()).as(error).isTrue();
		return Instant.parse(since.group(1));
	}

}
