package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.process.PrivateDirectory;

/**
 * Keeps the class data cache, shared by the supervisors of a machine, from growing without
 * bound: every new set of dependencies adds its jars and archive (about 100 MB for the
 * sample). A supervisor holds a shared lock on {@value #IN_USE} in each set it uses, for
 * as long as it runs, and touches it at each use; pruning deletes the sets beyond the most
 * recently used ones, and not used for {@link #RECENT}, only when it gets that file's
 * exclusive lock, so never a set a live supervisor uses. (The age also spares the sets of
 * supervisors that hold no lock: older versions, started beside a newer one.) A supervisor that takes the shared lock after a pruning deleted the set
 * finds the file gone and starts over, so it never holds a lock on a deleted set.
 */
final class CacheRetention {

	static final String IN_USE = "in-use.lock";

	private static final Log logger = LogFactory.getLog(CacheRetention.class);

	static final Duration RECENT = Duration.ofMinutes(30);

	private static final Pattern SET = Pattern.compile("[0-9a-f]{16}");

	private final Path cache;

	private final int keep;

	private final Map<Path, FileLock> held = new ConcurrentHashMap<>();

	/**
	 * @param cache the cache directory
	 * @param keep how many sets pruning keeps, the most recently used
	 */
	CacheRetention(Path cache, int keep) {
		this.cache = cache;
		this.keep = keep;
	}

	/**
	 * Marks a set used by this supervisor now, and until it stops: call it before the set's
	 * files are read or written.
	 * @param set the set's directory
	 * @throws IOException if its lock file cannot be opened or locked
	 */
	void use(Path set) throws IOException {
		Path marker = set.resolve(IN_USE);
		if (!this.held.containsKey(set)) {
			this.held.put(set, lockShared(marker));
		}
		Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
	}

	private static FileLock lockShared(Path marker) throws IOException {
		while (true) {
			Files.createDirectories(marker.getParent());
			FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.lock(0, Long.MAX_VALUE, true);
			}
			catch (IOException | RuntimeException ex) {
				channel.close();
				throw ex;
			}
			if (Files.exists(marker)) {
				return lock;
			}
			// A pruning deleted the set while this waited for the lock: take it anew.
			channel.close();
		}
	}

	/**
	 * Deletes the sets beyond the {@code keep} most recently used that no running
	 * supervisor uses.
	 * @return the sets deleted
	 */
	List<Path> prune() {
		List<Path> sets;
		try (Stream<Path> entries = Files.list(this.cache)) {
			sets = entries.filter((entry) -> SET.matcher(entry.getFileName().toString()).matches())
				.filter(Files::isDirectory)
				.sorted(Comparator.comparing(CacheRetention::lastUsed).reversed())
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
		List<Path> deleted = new ArrayList<>();
		FileTime recent = FileTime.from(Instant.now().minus(RECENT));
		for (Path set : sets.subList(Math.min(this.keep, sets.size()), sets.size())) {
			if (!this.held.containsKey(set) && lastUsed(set).compareTo(recent) < 0 && deleteUnlessUsed(set)) {
				deleted.add(set);
			}
		}
		if (!deleted.isEmpty()) {
			logger.info("Deleted " + deleted.size() + " class data set(s) from " + this.cache
					+ " that no running supervisor uses, beyond the " + this.keep + " most recently used and not used for "
					+ RECENT.toMinutes() + " minutes");
		}
		return deleted;
	}

	private static boolean deleteUnlessUsed(Path set) {
		try (FileChannel channel = FileChannel.open(set.resolve(IN_USE), StandardOpenOption.CREATE,
				StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
			if (lock == null) {
				return false;
			}
			PrivateDirectory.delete(set);
			return !Files.exists(set);
		}
		catch (IOException | OverlappingFileLockException ex) {
			return false;
		}
	}

	private static FileTime lastUsed(Path set) {
		try {
			Path marker = set.resolve(IN_USE);
			return Files.getLastModifiedTime(Files.exists(marker) ? marker : set);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}

	/**
	 * Lets go of the sets this supervisor used.
	 */
	void close() {
		this.held.values().forEach((lock) -> {
			try {
				lock.channel().close();
			}
			catch (IOException ex) {
				// Closed with the process anyway.
			}
		});
		this.held.clear();
	}

}
