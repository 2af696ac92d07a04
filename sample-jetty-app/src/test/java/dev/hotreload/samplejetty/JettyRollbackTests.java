package dev.hotreload.samplejetty;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health gate and the rollback window on Jetty, with the sample made unhealthy by its
 * external configuration file: a generation down from the start is not switched to; one
 * that goes down after the switch, within {@code hotreload.rollback.window}, hands traffic
 * back to generation 1 while clients keep being served; one answering 5xx is rolled back
 * too. One sample for all, in order (generation 1 serves throughout).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class JettyRollbackTests {

	@TempDir
	static Path config;

	private static JettySample sample;

	@BeforeAll
	static void start() throws Exception {
		ExternalConfig.write(config, "sample.greeting=Hi");
		sample = JettySample.start(ExternalConfig.location(config));
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	@Order(1)
	void generationDownFromTheStartIsNotSwitchedTo() throws Exception {
		ExternalConfig.write(config, "sample.greeting=Sick", "sample.health.down=true");
		JettySample.Response refused = sample.reload();
		assertThat(refused.status()).isEqualTo(500);
		assertThat(refused.body()).contains("\"generation\":2", "\"outcome\":\"FAILURE\"",
				"health DOWN: readiness group, sample DOWN {reason=sample.health.down=true}");
		assertThat(sample.get("/hello").body()).isEqualTo("Hi from Jetty, generation 1\n");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(sample.application().status().generations())
				.extracting(ReloadStatus.GenerationStatus::generation)
				.containsExactly(1));
	}

	@Test
	@Order(2)
	void generationThatGoesDownInTheWindowIsRolledBackUnderLoad(CapturedOutput output) throws Exception {
		ExternalConfig.write(config, "sample.greeting=Flaky", "sample.health.down-after=2s",
				"hotreload.rollback.window=30s");
		Instant servingAgain;
		long requests;
		List<String> failures;
		try (LoadGenerator load = new LoadGenerator(sample.port(), 4, 4, 2, 200)) {
			JettySample.sleep(500);
			JettySample.Response switched = sample.reload();
			assertThat(switched.status()).isEqualTo(200);
			assertThat(switched.body()).contains("\"generation\":3", "\"outcome\":\"SUCCESS\"");

			// Generation 3 goes down 2 s after it became ready: on a loaded machine it may be
			// rolled back before this thread reads a status, so the window's opening is
			// checked in the log, after the fact.
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> sample.application().currentGeneration() == 1);
			servingAgain = Instant.now();
			// Traffic on generation 1 again, under the same load.
			JettySample.sleep(1000);
			requests = load.succeeded();
			failures = load.failures();
			assertThat(load.generationsSeen()).contains(1, 3);
		}
		assertThat(failures).isEmpty();
		assertThat(requests).isPositive();

		ReloadStatus status = sample.application().status();
		assertThat(status.currentGeneration()).isEqualTo(1);
		assertThat(status.rollbackWindow()).isNull();
		assertThat(status.lastReload().generation()).isEqualTo(3);
		assertThat(status.lastReload().outcome()).isEqualTo(ReloadOutcome.ROLLED_BACK);
		assertThat(status.lastReload().error()).contains("health DOWN: readiness group, sample DOWN");
		Instant wentDown = downSince(status.lastReload().error());
		assertThat(sample.application()
			.statistics()
			.count(ReloadStatistics.tagValue(ReloadOutcome.ROLLED_BACK), ReloadTrigger.ENDPOINT)).isOne();
		JettySample.Response hello = sample.get("/hello");
		assertThat(hello.body()).isEqualTo("Hi from Jetty, generation 1\n");
		assertThat(hello.generation()).isEqualTo("1");
		await().atMost(Duration.ofSeconds(35))
			.untilAsserted(() -> assertThat(sample.application().status().generations())
				.extracting(ReloadStatus.GenerationStatus::generation, ReloadStatus.GenerationStatus::state)
				.containsExactly(Tuple.tuple(1, GenerationState.ACTIVE)));
		assertThat(output).contains("Generation 1 stands by until", "while generation 3 is watched", "WARN",
				"Rolled back generation 3: health DOWN");
		System.out.println("Jetty, rollback under load: " + requests + " requests, " + failures.size()
				+ " failed; generation 1 served again " + Duration.between(wentDown, servingAgain).toMillis()
				+ " ms after generation 3's health went down");
	}

	/**
	 * A generation answering 5xx is rolled back once its responses reach the window's
	 * minimum: Jetty's responses, counted by the generation's request handler, are what the
	 * rollback reads.
	 */
	@Test
	@Order(3)
	void generationAnsweringMostly5xxInTheWindowIsRolledBack() throws Exception {
		ExternalConfig.write(config, "sample.greeting=Broken", "sample.hello.status=500",
				"hotreload.rollback.window=30s", "hotreload.rollback.minimum-responses=10");
		assertThat(sample.reload().status()).isEqualTo(200);
		// Below the minimum, 5xx alone do not roll back.
		for (int i = 0; i < 9; i++) {
			assertThat(sample.get("/hello").status()).isEqualTo(500);
		}
		JettySample.sleep(300);
		assertThat(sample.application().currentGeneration()).isEqualTo(4);
		assertThat(sample.get("/hello").status()).isEqualTo(500);
		await().atMost(Duration.ofSeconds(10)).until(() -> sample.application().currentGeneration() == 1);
		assertThat(sample.get("/hello").body()).isEqualTo("Hi from Jetty, generation 1\n");
		ReloadStatus status = sample.application().status();
		assertThat(status.lastReload().generation()).isEqualTo(4);
		assertThat(status.lastReload().outcome()).isEqualTo(ReloadOutcome.ROLLED_BACK);
		assertThat(status.lastReload().error()).startsWith("Rolled back: 5xx responses: 10 of ");
	}

	/** When the sample's indicator went down, as the health details in a reload's error say. */
	private static Instant downSince(String error) {
		Matcher since = Pattern.compile("downSince=([^,}]+)").matcher(error);
		assertThat(since.find()).as(error).isTrue();
		return Instant.parse(since.group(1));
	}

}
