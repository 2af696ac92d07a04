package dev.hotreload.watch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The watched files whose content changed while the watcher waited for events to go
 * quiet: each was created, deleted or written with different bytes.
 *
 * @param paths the changed files, as absolute paths under what was watched
 */
public record FileChanges(Set<Path> paths) {

	/**
	 * Creates the changes, keeping the order of the paths: the first is the one a
	 * {@link #description() description} names.
	 * @param paths the changed files, at least one
	 */
	public FileChanges {
		if (paths.isEmpty()) {
			throw new IllegalArgumentException("A change names at least one file");
		}
		paths = Collections.unmodifiableSet(new LinkedHashSet<>(paths));
	}

	/**
	 * A short description for a log line, such as {@code application.yml changed} or
	 * {@code App.class and 2 other files changed}.
	 * @return the description
	 */
	public String description() {
		String first = this.paths.iterator().next().getFileName().toString();
		int others = this.paths.size() - 1;
		return switch (others) {
			case 0 -> first + " changed";
			case 1 -> first + " and 1 other file changed";
			default -> first + " and " + others + " other files changed";
		};
	}

}
