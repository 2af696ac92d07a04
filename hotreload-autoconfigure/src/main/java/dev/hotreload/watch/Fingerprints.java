package dev.hotreload.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.methvin.watcher.hashing.FileHash;
import io.methvin.watcher.hashing.Murmur3F;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A hash of each watched file's content as it was when last looked at, so that only a
 * change of content counts: a touch, a rewrite with the same bytes, or a file written and
 * removed again between two looks is no change. Content is read through symbolic links,
 * and the watched files that are links are known, because a Kubernetes ConfigMap is
 * updated by swapping the link ({@code ..data}) that its files' links lead through.
 */
final class Fingerprints {

	private static final Log logger = LogFactory.getLog(FileChangeWatcher.class);

	private static final int BUFFER_SIZE = 8192;

	private final Map<Path, FileHash> hashes = new ConcurrentHashMap<>();

	private final Set<Path> links = ConcurrentHashMap.newKeySet();

	/**
	 * Looks at files for the first time.
	 * @param files the files
	 */
	void remember(Collection<Path> files) {
		files.forEach(this::look);
	}

	/**
	 * Looks at files again.
	 * @param files the files
	 * @return those whose content changed since last looked at: created, deleted, or
	 * holding other bytes
	 */
	Set<Path> changed(Collection<Path> files) {
		Set<Path> changed = new LinkedHashSet<>();
		for (Path file : files) {
			FileHash before = this.hashes.get(file);
			if (!Objects.equals(before, look(file))) {
				changed.add(file);
			}
		}
		return changed;
	}

	/**
	 * The files looked at so far that are inside a directory: they went if it went.
	 */
	List<Path> under(Path directory) {
		return this.hashes.keySet().stream().filter((file) -> file.startsWith(directory)).toList();
	}

	/**
	 * The watched symbolic links in the directory a path is in: changing that path may
	 * change where they lead.
	 */
	List<Path> linksBeside(Path path) {
		return this.links.stream().filter((link) -> link.getParent().equals(path.getParent())).toList();
	}

	/**
	 * The files looked at so far that are there.
	 */
	Set<Path> known() {
		return this.hashes.keySet();
	}

	private @Nullable FileHash look(Path file) {
		if (Files.isSymbolicLink(file)) {
			this.links.add(file);
		}
		else {
			this.links.remove(file);
		}
		FileHash hash = hash(file);
		if (hash != null) {
			this.hashes.put(file, hash);
		}
		else {
			this.hashes.remove(file);
		}
		return hash;
	}

	private static @Nullable FileHash hash(Path file) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		// The library's Murmur3, fed a block at a time: its default hasher feeds it a byte
		// at a time, twenty times slower, which a jar of tens of megabytes notices.
		Murmur3F murmur = new Murmur3F();
		byte[] buffer = new byte[BUFFER_SIZE];
		try (InputStream content = Files.newInputStream(file)) {
			for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
				murmur.update(buffer, 0, read);
			}
			return FileHash.fromBytes(murmur.getValueBytesBigEndian());
		}
		catch (IOException ex) {
			logger.debug("Could not read " + file + "; taking it as gone", ex);
			return null;
		}
	}

}
