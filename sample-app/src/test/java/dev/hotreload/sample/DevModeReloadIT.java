package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Development mode as a developer uses it: the sample runs from its class directory, a
 * class is compiled into it, and the next generation serves the new code, under load,
 * without a failed request; a class that does not load leaves the old generation serving.
 */
class DevModeReloadIT {

	private static final Duration SERVED = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	@Test
	void aRecompiledClassIsServedByTheNextGenerationUnderLoadWithoutAFailedRequest() throws Exception {
		try (ClassDirectorySample sample = ClassDirectorySample.start(this.temp)
			.awaitServing()) {
			assertThat(sample.client().get("/hello").build()).isEqualTo("v1");
			assertThat(sample.log()).contains("Development mode: every reload runs "
					+ SampleApplication.class.getName() + ".main again on a new class loader over ["
					+ sample.classes() + "]");
			LoadGenerator load = new LoadGenerator(sample.port(), 4, 2, 2, 700);
			try {
				RunningSample.sleep(1000);
				for (String build : List.of("v2", "v3")) {
					sample.build(build);
					await().atMost(SERVED).until(() -> build.equals(sample.client().get("/hello").build()));
					RunningSample.sleep(1000);
				}
			}
			finally {
				load.close();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(load.buildsSeen()).contains("v1", "v2", "v3");
			assertThat(load.succeeded()).isGreaterThan(200);
			JsonNode last = sample.status().get("lastReload");
			assertThat(last.get("trigger").asText()).isEqualTo("FILE");
			assertThat(last.get("outcome").asText()).isEqualTo("SUCCESS");
			assertThat(sample.status().get("currentGeneration").asInt()).isEqualTo(3);
			assertThat(sample.log()).contains("Reload requested by a file change: SampleBuild.class changed");
		}
	}

	@Test
	void aClassThatDoesNotLoadFailsTheReloadAndTheFixedOneReloads() throws Exception {
		try (ClassDirectorySample sample = ClassDirectorySample.start(this.temp)
			.awaitServing()) {
			Path controller = sample.classes().resolve("dev/hotreload/sample/HelloController.class");
			byte[] good = Files.readAllBytes(controller);
			// Half written, as a compiler killed mid-way leaves it.
			Files.write(controller, Arrays.copyOf(good, good.length / 2));
			await().atMost(SERVED).until(() -> !sample.status().get("lastReload").isNull());
			JsonNode failed = sample.status().get("lastReload");
			assertThat(failed.get("outcome").asText()).isEqualTo("FAILURE");
			assertThat(failed.get("error").asText()).contains("Failed to read candidate component class",
					"HelloController.class");
			assertThat(sample.client().get("/hello").body()).isEqualTo("Hello from generation 1\n");
			Files.write(controller, good);
			await().atMost(SERVED)
				.until(() -> "Hello from generation 3\n".equals(sample.client().get("/hello").body()));
		}
	}

	@Test
	void withDevToolsRestartActiveDevelopmentModeStaysOutOfItsWay() throws Exception {
		try (ClassDirectorySample sample = ClassDirectorySample.start(this.temp, List.of(devTools()), List.of())
			.awaitServing()) {
			assertThat(sample.log()).contains("hotreload.dev.enabled is set but development mode is off: Spring Boot"
					+ " DevTools' restart is active").doesNotContain("Development mode: every reload");
			assertThat(sample.log()).contains("Generation 1: Spring Boot DevTools' restart is active");
			assertThat(warningKinds(sample)).containsExactly("DEVTOOLS_RESTART");
			// DevTools restarts on the change, by itself: hotreload does not reload as well.
			sample.build("v2");
			await().atMost(SERVED).ignoreExceptions().until(() -> "v2".equals(sample.client().get("/hello").build()));
			RunningSample.sleep(2000);
			assertThat(sample.status().get("lastReload").isNull()).isTrue();
			assertThat(warningKinds(sample)).containsExactly("DEVTOOLS_RESTART");
		}
	}

	@Test
	void withDevToolsRestartTurnedOffDevelopmentModeReloadsTheNewCode() throws Exception {
		try (ClassDirectorySample sample = ClassDirectorySample.start(this.temp, List.of(devTools()),
				List.of("-Dspring.devtools.restart.enabled=false"))
			.awaitServing()) {
			assertThat(sample.log()).contains("Development mode: every reload runs");
			assertThat(sample.status().get("warnings").isEmpty()).isTrue();
			sample.build("v2");
			await().atMost(SERVED).until(() -> "v2".equals(sample.client().get("/hello").build()));
			assertThat(sample.status().get("currentGeneration").asInt()).isEqualTo(2);
			assertThat(sample.status().get("lastReload").get("trigger").asText()).isEqualTo("FILE");
		}
	}

	private static List<String> warningKinds(ClassDirectorySample sample) {
		List<String> kinds = new ArrayList<>();
		sample.status().get("warnings").forEach((warning) -> kinds.add(warning.get("kind").asText()));
		return kinds;
	}

	private static Path devTools() {
		Path jar = Path.of(System.getProperty("devtools.jar", "target/devtools/spring-boot-devtools.jar"));
		assertThat(jar).exists();
		return jar;
	}

}
