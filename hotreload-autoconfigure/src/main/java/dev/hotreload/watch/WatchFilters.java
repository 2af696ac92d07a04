package dev.hotreload.watch;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Filters for the files inside a watched directory. Each is tested with a file's path
 * relative to the watched directory, so a hidden directory anywhere on the way, such as
 * {@code .git} or a Kubernetes ConfigMap's {@code ..data}, hides the files in it.
 */
public final class WatchFilters {

	private static final List<String> TEMPORARY_SUFFIXES = List.of("~", ".swp", ".swx", ".tmp", "___jb_tmp___",
			"___jb_old___");

	/**
	 * Every file but hidden ones and editors' backup, swap and temporary files.
	 */
	public static final Predicate<Path> CONFIGURATION_FILES = WatchFilters::isOwnFile;

	/**
	 * Class files, not hidden, as a compiler writes them.
	 */
	public static final Predicate<Path> CLASS_FILES = (path) -> isOwnFile(path)
			&& path.getFileName().toString().endsWith(".class");

	private WatchFilters() {
	}

	private static boolean isOwnFile(Path path) {
		for (Path element : path) {
			if (element.toString().startsWith(".")) {
				return false;
			}
		}
		String name = path.getFileName().toString();
		return !(name.startsWith("#") && name.endsWith("#")) && TEMPORARY_SUFFIXES.stream().noneMatch(name::endsWith);
	}

}
