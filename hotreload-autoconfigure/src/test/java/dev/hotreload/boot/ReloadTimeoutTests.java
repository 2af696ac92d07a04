package dev.hotreload.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.context.ReloadableApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generation that is not ready within the reload timeout is given up: the old one keeps
 * serving, and the late one is closed once it has started.
 */
class ReloadTimeoutTests {

	@TempDir
	Path config;

	@Test
	void lateGenerationTimesOutAndIsClosedWhenItFinallyStarts() throws Exception {
		// The late generation waits for a gate the test opens once the timeout has passed. The
		// timeout must also hold the last, good reload: this module's reloads took 0.5 to 1.1 s in
		// CI runs r35 to r39, where this module's tests run before any other's (10 s was once
		// too short, at a load average of 10 to 14). Every module waits for this one's tests,
		// and this one lasts longer than its timeout.
		Path gate = this.config.resolve("gate");
		Files.writeString(this.config.resolve("application.properties"), "test.startup-gate=" + gate + "\n");
		ConfigurableApplicationContext context = SpringApplication.run(SlowStartApplication.class,
				"--server.port=0", "--hotreload.reload-timeout=15s",
				"--management.endpoints.web.exposure.include=reload",
				"--management.endpoint.reload.access=unrestricted",
				"--spring.config.additional-location=file:" + this.config.toAbsolutePath() + "/");
		ReloadableApplication application = context.getBean(ReloadableApplication.class);
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		try (TestHttp http = new TestHttp(port)) {
			TestHttp.Response reload = http.send("POST", "/actuator/reload");
			assertThat(reload.status()).isEqualTo(503);
			assertThat(reload.body()).contains("\"outcome\":\"TIMEOUT\"", "was not ready within PT15S");
			assertThat(http.send("GET", "/generation").body()).isEqualTo("1");
			assertThat(application.status().lastReload().outcome()).isEqualTo(ReloadOutcome.TIMEOUT);

			// The late generation never serves and is closed after it started.
			Files.createFile(gate);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(application.status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation)
					.containsExactly(1));
			assertThat(http.send("GET", "/generation").body()).isEqualTo("1");

			Files.writeString(this.config.resolve("application.properties"), "");
			assertThat(http.send("POST", "/actuator/reload").status()).isEqualTo(200);
			assertThat(http.send("GET", "/generation").body()).isEqualTo("3");
		}
		finally {
			application.close();
		}
	}

}
