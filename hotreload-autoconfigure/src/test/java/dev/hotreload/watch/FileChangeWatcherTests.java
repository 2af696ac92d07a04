package dev.hotreload.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A real watcher on real files: one callback per burst of changes, none for what changes
 * no content, one per Kubernetes ConfigMap update, and threads that start once and end
 * when stopped.
 */
class FileChangeWatcherTests {

	private static final Duration DEBOUNCE = Duration.ofMillis(150);

	private static final Duration QUIET = DEBOUNCE.multipliedBy(3);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final List<FileChanges> changes = new CopyOnWriteArrayList<>();

	private final List<String> contents = new CopyOnWriteArrayList<>();

	private final List<FileChangeWatcher> watchers = new ArrayList<>();

	@AfterEach
	void stopWatchers() {
		this.watchers.forEach(FileChangeWatcher::stop);
	}

	@Test
	void editingAWatchedFileOnceGivesOneCallback() {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		watch(file);
		write(file, "a: 2");
		assertChanges(1);
		assertThat(this.changes.get(0).paths()).containsExactly(file);
		assertThat(this.changes.get(0).description()).isEqualTo("application.yml changed");
	}

	@Test
	void quickWritesGiveOneCallbackOnceTheyAreDone() {
		Path file = write(this.directory.resolve("application.yml"), "a: 0");
		// The default debounce: with the tests' shorter one, five writes were once further
		// apart than it (a load average of 7) and, rightly, gave two callbacks.
		Duration debounce = FileChangeWatcher.DEFAULT_DEBOUNCE;
		watchReading(file, file, debounce);
		long started = System.nanoTime();
		for (int i = 1; i <= 5; i++) {
			write(file, "a: " + i);
		}
		Duration writing = Duration.ofNanos(System.nanoTime() - started);
		assumeThat(writing).as("five writes quicker than the debounce").isLessThan(debounce);
		assertChanges(1, debounce.multipliedBy(3));
		assertThat(this.contents).containsExactly("a: 5");
	}

	@Test
	void savingThroughATemporaryFileRenamedOverTheWatchedOneGivesOneCallback() throws IOException {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		watchReading(file, file);
		Path temporary = write(this.directory.resolve("application.yml___jb_tmp___"), "a: 2");
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		assertChanges(1);
		assertThat(this.contents).containsExactly("a: 2");
	}

	@Test
	void touchingOrRewritingTheSameContentGivesNoCallback() throws IOException {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		watch(file);
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
		write(file, "a: 1");
		assertChanges(0);
		write(file, "a: 2");
		assertChanges(1);
	}

	@Test
	void otherFilesBesideAWatchedFileOrBelowItGiveNoCallback() {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		watch(file);
		write(this.directory.resolve("other.yml"), "b: 1");
		write(this.directory.resolve("sub/application.yml"), "a: 3");
		write(this.directory.resolve("sub/deeper/application.yml"), "a: 4");
		assertChanges(0);
		write(file, "a: 2");
		assertChanges(1);
		assertThat(this.changes.get(0).paths()).containsExactly(file);
	}

	@Test
	void fileCreatedAfterStartAndThenDeletedIsReportedEachTime() throws IOException {
		Path file = this.directory.resolve("later.yml");
		watch(file);
		write(file, "a: 1");
		assertChanges(1);
		Files.delete(file);
		assertChanges(2);
		assertEachChangeIs(file);
	}

	@Test
	void configMapUpdateOfAWatchedFileGivesOneCallbackPerUpdate() {
		ConfigMapMount mount = new ConfigMapMount(this.directory.resolve("config"), "a: 1");
		Path file = mount.file();
		watchReading(file, file);
		mount.update("a: 2");
		assertChanges(1);
		mount.update("a: 3");
		assertChanges(2);
		assertEachChangeIs(file);
		assertThat(this.contents).containsExactly("a: 2", "a: 3");
	}

	@Test
	void configMapUpdateOfAWatchedMountGivesOneCallbackPerUpdate() {
		ConfigMapMount mount = new ConfigMapMount(this.directory.resolve("config"), "a: 1");
		Path file = mount.file();
		watchReading(file, mount.directory());
		mount.update("a: 2");
		assertChanges(1);
		mount.update("a: 3");
		assertChanges(2);
		assertEachChangeIs(file);
		assertThat(this.contents).containsExactly("a: 2", "a: 3");
	}

	@Test
	void fileInANewSubdirectoryOfAWatchedDirectoryIsReported() {
		write(this.directory.resolve("application.yml"), "a: 1");
		watch(this.directory);
		Path file = write(this.directory.resolve("sub/deeper/new.yml"), "b: 1");
		assertChanges(1);
		assertThat(this.changes.get(0).paths()).containsExactly(file);
		Path again = write(file, "b: 2");
		assertChanges(2);
		assertThat(this.changes.get(1).paths()).containsExactly(again);
	}

	@Test
	void directoryGivenAsALinkIsWatchedWhereItLeads() throws IOException {
		Path target = write(this.directory.resolve("target/application.yml"), "a: 1").getParent();
		watch(Files.createSymbolicLink(this.directory.resolve("link"), target));
		write(target.resolve("application.yml"), "a: 2");
		assertChanges(1);
		assertThat(this.changes.get(0).paths()).containsExactly(target.toRealPath().resolve("application.yml"));
	}

	@Test
	void filteredOutFilesAndSameContentInAWatchedDirectoryGiveNoCallback() {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		watch(this.directory);
		write(this.directory.resolve("application.yml.swp"), "swap");
		write(this.directory.resolve("application.yml~"), "backup");
		write(this.directory.resolve(".hidden/application.yml"), "a: 3");
		write(file, "a: 1");
		assertChanges(0);
		write(file, "a: 2");
		assertChanges(1);
		assertThat(this.changes.get(0).paths()).containsExactly(file);
	}

	@Test
	void callbackThatThrowsDoesNotStopTheWatcher() {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		start(new FileChangeWatcher(List.of(file), WatchFilters.CONFIGURATION_FILES, DEBOUNCE, (change) -> {
			this.changes.add(change);
			throw new IllegalStateException("Reload failed");
		}));
		write(file, "a: 2");
		assertChanges(1);
		write(file, "a: 3");
		assertChanges(2);
	}

	@Test
	void startingTwiceStartsOnceAndStoppingEndsTheThreadsAndTheCallbacks() {
		Path file = write(this.directory.resolve("application.yml"), "a: 1");
		FileChangeWatcher watcher = watch(file);
		watcher.start();
		assertThat(watcher.isRunning()).isTrue();
		assertThat(watcherThreads()).containsExactlyInAnyOrder("hotreload-watch", "hotreload-watch-events");
		write(file, "a: 2");
		watcher.stop();
		watcher.stop();
		assertThat(watcher.isRunning()).isFalse();
		assertThat(watcherThreads()).isEmpty();
		int callbacksAtStop = this.changes.size();
		write(file, "a: 3");
		sleep(QUIET);
		assertThat(this.changes).hasSize(callbacksAtStop);
		watcher.start();
		write(file, "a: 4");
		assertChanges(callbacksAtStop + 1);
	}

	@Test
	void fileInAMissingDirectoryIsRefusedWithTheReason() {
		Path file = this.directory.resolve("missing/application.yml");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FileChangeWatcher(List.of(file), WatchFilters.CONFIGURATION_FILES, DEBOUNCE,
					this.changes::add))
			.withMessageContaining(file.toString())
			.withMessageContaining("no directory " + file.getParent());
	}

	@Test
	void descriptionNamesTheFirstFileAndCountsTheOthers() {
		List<Path> paths = List.of(Path.of("config", "application.yml"), Path.of("b.yml"), Path.of("c.yml"));
		assertThat(new FileChanges(new LinkedHashSet<>(paths)).description())
			.isEqualTo("application.yml and 2 other files changed");
	}

	private FileChangeWatcher watch(Path path) {
		return start(new FileChangeWatcher(List.of(path), WatchFilters.CONFIGURATION_FILES, DEBOUNCE,
				this.changes::add));
	}

	private void watchReading(Path file, Path watched) {
		watchReading(file, watched, DEBOUNCE);
	}

	private void watchReading(Path file, Path watched, Duration debounce) {
		Consumer<FileChanges> callback = (change) -> {
			this.contents.add(read(file));
			this.changes.add(change);
		};
		start(new FileChangeWatcher(List.of(watched), WatchFilters.CONFIGURATION_FILES, debounce, callback));
	}

	private FileChangeWatcher start(FileChangeWatcher watcher) {
		this.watchers.add(watcher);
		watcher.start();
		return watcher;
	}

	private void assertChanges(int count) {
		assertChanges(count, QUIET);
	}

	private void assertChanges(int count, Duration quiet) {
		await().atMost(TIMEOUT).until(() -> this.changes.size() >= count);
		sleep(quiet);
		assertThat(this.changes).hasSize(count);
	}

	private void assertEachChangeIs(Path file) {
		assertThat(this.changes).allSatisfy((change) -> assertThat(change.paths()).containsExactly(file));
	}

	private static List<String> watcherThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("hotreload-watch"))
			.toList();
	}

	private static Path write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			return Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A ConfigMap volume as the kubelet's atomic writer lays it out and updates it: the
	 * files in a timestamped directory, {@code ..data} a link to it, and each file a link
	 * through {@code ..data}.
	 */
	private static final class ConfigMapMount {

		private final Path directory;

		private Path current;

		private int updates;

		ConfigMapMount(Path directory, String content) {
			this.directory = directory;
			try {
				this.current = timestamped(content);
				Files.createSymbolicLink(directory.resolve("..data"), this.current.getFileName());
				Files.createSymbolicLink(file(), Path.of("..data", "application.yml"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		Path directory() {
			return this.directory;
		}

		Path file() {
			return this.directory.resolve("application.yml");
		}

		void update(String content) {
			try {
				Path previous = this.current;
				this.current = timestamped(content);
				Path link = this.directory.resolve("..data_tmp");
				Files.createSymbolicLink(link, this.current.getFileName());
				Files.move(link, this.directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
				try (Stream<Path> old = Files.walk(previous)) {
					for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(path);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private Path timestamped(String content) {
			Path timestamped = this.directory.resolve("..2026_12_01_10_00_0" + this.updates++ + ".123456789");
			write(timestamped.resolve("application.yml"), content);
			return timestamped;
		}

	}

}
