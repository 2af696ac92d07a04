package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reloads started by a change to a watched file: one save reloads once, a Kubernetes
 * ConfigMap update reloads once, a broken file fails its reload and the next good save
 * reloads.
 */
class FileTriggerTests {

	private static final Duration RELOADED = Duration.ofSeconds(30);

	// Long enough for a second, unwanted reload to show: several debounce periods.
	private static final Duration SETTLE = Duration.ofMillis(2000);

	@TempDir
	Path temp;

	@Test
	void editingAWatchedConfigFileReloadsOnceAndServesTheNewValue() throws Exception {
		Path config = Files.createDirectories(this.temp.resolve("config"));
		Path file = config.resolve("application.yml");
		Files.writeString(file, "sample:\n  greeting: Hi\n");
		try (RunningSample sample = RunningSample.start(
				"--spring.config.additional-location=file:" + config.toAbsolutePath() + "/",
				"--hotreload.watch.config-files=true")) {
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			Files.writeString(file, "sample:\n  greeting: Bonjour\n");
			awaitBody(sample, "Bonjour from generation 2\n");
			RunningSample.sleep(SETTLE.toMillis());
			assertThat(sample.application().currentGeneration()).isEqualTo(2);
			ReloadResult last = sample.application().status().lastReload();
			assertThat(last.trigger()).isEqualTo(ReloadTrigger.FILE);
			assertThat(last.outcome()).isEqualTo(ReloadOutcome.SUCCESS);
			assertThat(sample.get("/actuator/prometheus").body())
				.contains("hotreload_reloads_total{outcome=\"success\",trigger=\"file\"} 1.0");
			assertThat(watcherThreads()).isNotEmpty();
		}
		// The watcher lives as long as the application, no longer.
		await().atMost(Duration.ofSeconds(10)).until(() -> watcherThreads().isEmpty());
	}

	private static List<String> watcherThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("hotreload-watch"))
			.toList();
	}

	@Test
	void aConfigMapUpdateBySymbolicLinkSwapReloadsOncePerUpdate() throws Exception {
		Path mount = Files.createDirectories(this.temp.resolve("configmap"));
		ConfigMapVolume volume = new ConfigMapVolume(mount);
		volume.update("sample.greeting=Hi\n");
		try (RunningSample sample = RunningSample.start(
				"--spring.config.additional-location=file:" + mount.toAbsolutePath() + "/",
				"--hotreload.watch.paths=" + mount.toAbsolutePath())) {
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			volume.update("sample.greeting=Hola\n");
			awaitBody(sample, "Hola from generation 2\n");
			RunningSample.sleep(SETTLE.toMillis());
			assertThat(sample.application().currentGeneration()).isEqualTo(2);
			volume.update("sample.greeting=Ciao\n");
			awaitBody(sample, "Ciao from generation 3\n");
			RunningSample.sleep(SETTLE.toMillis());
			assertThat(sample.application().currentGeneration()).isEqualTo(3);
		}
	}

	@Test
	void aBrokenFileFailsItsReloadAndTheNextGoodSaveReloads() throws Exception {
		Path config = Files.createDirectories(this.temp.resolve("config"));
		Path file = config.resolve("application.yml");
		Files.writeString(file, "sample:\n  greeting: Hi\n");
		try (RunningSample sample = RunningSample.start(
				"--spring.config.additional-location=file:" + config.toAbsolutePath() + "/",
				"--hotreload.watch.paths=" + file.toAbsolutePath())) {
			// Half written: YAML that does not parse.
			Files.writeString(file, "sample:\n  greeting: [Bonj\n");
			await().atMost(RELOADED).until(() -> sample.application().status().lastReload() != null);
			ReloadResult failed = sample.application().status().lastReload();
			assertThat(failed.outcome()).isEqualTo(ReloadOutcome.FAILURE);
			assertThat(failed.trigger()).isEqualTo(ReloadTrigger.FILE);
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			Files.writeString(file, "sample:\n  greeting: Bonjour\n");
			// Generation 2 failed and its number is not reused.
			awaitBody(sample, "Bonjour from generation 3\n");
		}
	}

	@Test
	void aWatchedPathThatCannotBeWatchedStopsTheStartWithACause() {
		Path missing = this.temp.resolve("no-such-directory/application.yml");
		assertThatThrownBy(() -> RunningSample.start("--hotreload.watch.paths=" + missing))
			.hasStackTraceContaining("Cannot watch " + missing + ": there is no directory");
	}

	private static void awaitBody(RunningSample sample, String body) {
		await().atMost(RELOADED).until(() -> sample.get("/hello").body().equals(body));
	}

	/**
	 * A directory laid out and updated the way the kubelet updates a mounted ConfigMap
	 * (its AtomicWriter): the data in a timestamped directory, {@code ..data} a symbolic
	 * link to it, each file a link through {@code ..data}; an update writes a new
	 * directory, points {@code ..data_tmp} at it, renames that over {@code ..data} and
	 * deletes the old directory.
	 */
	private static final class ConfigMapVolume {

		private final Path mount;

		private int version;

		ConfigMapVolume(Path mount) {
			this.mount = mount;
		}

		void update(String properties) throws IOException {
			Path data = this.mount.resolve("..data");
			Path previous = Files.isSymbolicLink(data) ? this.mount.resolve(Files.readSymbolicLink(data)) : null;
			Path next = Files.createDirectory(this.mount.resolve("..2026_12_01_00_00_0" + (++this.version)));
			Files.writeString(next.resolve("application.properties"), properties);
			Path link = Files.createSymbolicLink(this.mount.resolve("..data_tmp"), next.getFileName());
			Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			Path file = this.mount.resolve("application.properties");
			if (!Files.isSymbolicLink(file)) {
				Files.createSymbolicLink(file, Path.of("..data", "application.properties"));
			}
			if (previous != null) {
				for (Path old : List.of(previous.resolve("application.properties"), previous)) {
					Files.delete(old);
				}
			}
		}

	}

}
