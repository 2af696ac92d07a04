package dev.hotreload.sampletest;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every sample's development-mode test checks, whatever its server: a controller
 * compiled into the running sample's class directory (404 before) is served by the next
 * generation, reloaded by the file change alone on a new class loader, while clients keep
 * being served without a failed request.
 */
public final class DevModeReloads {

	private DevModeReloads() {
	}

	/**
	 * Runs the scenario on a sample started in development mode.
	 * @param sample the sample, serving generation 1
	 * @param application the sample's main class
	 * @param server the server's name, for the output
	 * @throws Exception if a client, the compiler or a wait fails
	 */
	public static void aNewControllerIsServedByTheNextGenerationUnderLoad(DevModeSample sample,
			Class<?> application, String server) throws Exception {
		String packageName = application.getPackageName();
		assertThat(sample.log()).contains("Development mode: every reload runs " + application.getName()
				+ ".main again on a new class loader");
		assertThat(sample.get("/version").status()).isEqualTo(404);
		LoadGenerator load = new LoadGenerator(sample.port(), 2, 1, 1, 300);
		try {
			Thread.sleep(1000);
			sample.compile(packageName + ".VersionController", """
					package %s;

					import org.springframework.web.bind.annotation.GetMapping;
					import org.springframework.web.bind.annotation.RestController;

					@RestController
					class VersionController {

						@GetMapping("/version")
						String version() {
							return "v2\\n";
						}

					}
					""".formatted(packageName));
			await().atMost(Duration.ofSeconds(60)).until(() -> sample.get("/version").status() == 200);
			Thread.sleep(1000);
		}
		finally {
			load.close();
		}
		System.out.println(server + ", development mode: a new controller served by generation "
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
