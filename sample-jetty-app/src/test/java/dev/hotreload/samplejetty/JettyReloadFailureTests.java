package dev.hotreload.samplejetty;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.sampletest.ExternalConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new generation that fails to start leaves the old one serving on Jetty; the next good
 * configuration reloads as usual.
 */
class JettyReloadFailureTests {

	@TempDir
	Path config;

	@Test
	void failedGenerationLeavesTheOldOneServing() throws Exception {
		write("sample.greeting=Hi");
		try (JettySample sample = JettySample.start(ExternalConfig.location(this.config))) {
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from Jetty, generation 1\n");
			write("sample.greeting=Broken", "server.servlet.context-path=no-leading-slash");
			JettySample.Response failed = sample.reload();
			assertThat(failed.status()).isEqualTo(500);
			assertThat(failed.body()).contains("\"generation\":2", "\"outcome\":\"FAILURE\"",
					"Context path must start with '/'");
			JettySample.Response served = sample.get("/hello");
			assertThat(served.body()).isEqualTo("Hi from Jetty, generation 1\n");
			assertThat(served.generation()).isEqualTo("1");
			ReloadStatus status = sample.application().status();
			assertThat(status.currentGeneration()).isEqualTo(1);
			assertThat(status.reloadInProgress()).isFalse();
			assertThat(status.generations()).extracting(ReloadStatus.GenerationStatus::generation).containsExactly(1);

			write("sample.greeting=Fixed");
			assertThat(sample.reload().status()).isEqualTo(200);
			// The failed attempt's number is not reused.
			assertThat(sample.get("/hello").body()).isEqualTo("Fixed from Jetty, generation 3\n");
		}
	}

	private void write(String... lines) throws Exception {
		ExternalConfig.write(this.config, lines);
	}

}
