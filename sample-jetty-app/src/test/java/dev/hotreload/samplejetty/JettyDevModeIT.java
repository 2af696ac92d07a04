package dev.hotreload.samplejetty;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.sampletest.DevModeSample;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Development mode on Jetty, as a developer uses it: the sample runs from its class
 * directory, a controller compiled into it is served by the next generation, reloaded by
 * the file change alone, on a new class loader, while clients keep being served without a
 * failed request.
 */
class JettyDevModeIT {

	private static final String VERSION_CONTROLLER = """
			package dev.hotreload.samplejetty;

			import org.springframework.web.bind.annotation.GetMapping;
			import org.springframework.web.bind.annotation.RestController;

			@RestController
			class VersionController {

				@GetMapping("/version")
				String version() {
					return "v2\\n";
				}

			}
			""";

	@TempDir
	Path temp;

	@Test
	void aControllerCompiledIntoTheClassDirectoryIsServedByTheNextGenerationUnderLoad() throws Exception {
		try (DevModeSample sample = DevModeSample.start(this.temp, SampleJettyApplication.class, JettyDevModeIT.class)) {
			assertThat(sample.log()).contains("Development mode: every reload runs " + SampleJettyApplication.class.getName()
					+ ".main again on a new class loader");
			assertThat(sample.get("/version").status()).isEqualTo(404);
			LoadGenerator load = new LoadGenerator(sample.port(), 2, 1, 1, 300);
			try {
				JettySample.sleep(1000);
				sample.compile("dev.hotreload.samplejetty.VersionController", VERSION_CONTROLLER);
				await().atMost(Duration.ofSeconds(60)).until(() -> sample.get("/version").status() == 200);
				JettySample.sleep(1000);
			}
			finally {
				load.close();
			}
			System.out.println("Jetty, development mode: a new controller served by generation "
					+ sample.get("/version").generation() + " under load: " + load.succeeded() + " requests, "
					+ load.failures().size() + " failed, generations seen " + load.generationsSeen());
			assertThat(sample.get("/version").body()).isEqualTo("v2\n");
			assertThat(load.failures()).isEmpty();
			assertThat(load.generationsSeen()).containsExactlyInAnyOrder(1, 2);
			JsonNode status = sample.status();
			assertThat(status.get("currentGeneration").asInt()).isEqualTo(2);
			assertThat(status.get("lastReload").get("trigger").asText()).isEqualTo("FILE");
			assertThat(status.get("lastReload").get("outcome").asText()).isEqualTo("SUCCESS");
		}
	}

}
