package dev.hotreload.process.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared class data cache keeps its most recently used sets and never deletes one a
 * running supervisor uses: another JVM's lock is a real one here.
 */
class CacheRetentionTests {

	@TempDir
	Path cache;

	@Test
	void keepsTheMostRecentlyUsedSetsAndDeletesTheOthers() throws Exception {
		Path[] sets = sets(5);
		Path other = Files.createDirectories(this.cache.resolve("not-a-set"));
		CacheRetention retention = new CacheRetention(this.cache, 2);
		assertThat(retention.prune()).containsExactlyInAnyOrder(sets[0], sets[1], sets[2]);
		assertThat(sets[3]).isDirectory();
		assertThat(sets[4]).isDirectory();
		assertThat(other).isDirectory();
	}

	@Test
	void keepsASetUsedRecentlyBeyondTheCount() throws Exception {
		Path[] sets = sets(3);
		Files.setLastModifiedTime(sets[1].resolve(CacheRetention.IN_USE), FileTime.from(Instant.now()));
		Files.setLastModifiedTime(sets[0].resolve(CacheRetention.IN_USE),
				FileTime.from(Instant.now().minus(CacheRetention.RECENT).plusSeconds(60)));
		// Beyond the one kept: sets[0], used a minute short of the limit, and sets[2], an hour ago.
		assertThat(new CacheRetention(this.cache, 1).prune()).containsExactly(sets[2]);
		assertThat(sets[0]).isDirectory();
	}

	@Test
	void neverDeletesASetThisSupervisorUsesHoweverOld() throws Exception {
		Path[] sets = sets(3);
		CacheRetention retention = new CacheRetention(this.cache, 1);
		retention.use(sets[0]);
		// Using it made it the most recent: age it again.
		Files.setLastModifiedTime(sets[0].resolve(CacheRetention.IN_USE), hoursAgo(10));
		assertThat(retention.prune()).containsExactly(sets[1]);
		assertThat(sets[0]).isDirectory();
		retention.close();
		assertThat(new CacheRetention(this.cache, 1).prune()).containsExactly(sets[0]);
	}

	@Test
	void neverDeletesASetAnotherRunningSupervisorUsesAndDeletesItOnceItStopped() throws Exception {
		Path[] sets = sets(3);
		Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), SharedLockHolder.class.getName(),
				sets[0].resolve(CacheRetention.IN_USE).toString())
			.redirectErrorStream(true)
			.start();
		try {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
			assertThat(output.readLine()).isEqualTo("locked");
			assertThat(new CacheRetention(this.cache, 1).prune()).containsExactly(sets[1]);
			assertThat(sets[0]).isDirectory();
		}
		finally {
			holder.getOutputStream().close();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(new CacheRetention(this.cache, 1).prune()).containsExactly(sets[0]);
	}

	@Test
	void aSetUsedAfterAPruningDeletedItIsTakenAnew() throws Exception {
		Path[] sets = sets(2);
		assertThat(new CacheRetention(this.cache, 1).prune()).containsExactly(sets[0]);
		CacheRetention retention = new CacheRetention(this.cache, 1);
		retention.use(sets[0]);
		assertThat(sets[0].resolve(CacheRetention.IN_USE)).isRegularFile();
		assertThat(new CacheRetention(this.cache, 1).prune()).as("used by a running supervisor, and now the latest")
			.containsExactly(sets[1]);
		retention.close();
	}

	/** Sets named as the cache names them, the first the least recently used. */
	private Path[] sets(int count) throws Exception {
		Path[] sets = new Path[count];
		for (int i = 0; i < count; i++) {
			sets[i] = Files.createDirectories(this.cache.resolve(String.format("%016x", 0xabc0L + i)));
			Files.writeString(sets[i].resolve("dependencies.jsa"), "archive " + i);
			Path marker = Files.createFile(sets[i].resolve(CacheRetention.IN_USE));
			Files.setLastModifiedTime(marker, hoursAgo(count - i));
		}
		return sets;
	}

	private static FileTime hoursAgo(int hours) {
		return FileTime.from(Instant.now().minus(Duration.ofHours(hours)));
	}

	/** Another supervisor: holds a shared lock on the given file until its input ends. */
	static final class SharedLockHolder {

		public static void main(String[] args) throws Exception {
			try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
					StandardOpenOption.WRITE); FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
				System.out.println("locked");
				System.out.flush();
				while (System.in.read() != -1) {
					// Until the test closes its end.
				}
			}
		}

	}

}
