package dev.hotreload.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.methvin.watcher.visitor.FileTreeVisitor;
import org.jspecify.annotations.Nullable;

/**
 * What a watcher watches, sorted out once: directories, with everything under them, and
 * files, through the directory each is in. As the library's {@link FileTreeVisitor}, which
 * decides which directories it registers, it walks a watched directory's whole tree but a
 * watched file's directory alone: that directory may be a project's root, whose tree is
 * none of the watcher's business. (On Linux the library registers each directory the
 * visitor offers; on macOS one FSEvents stream covers a directory's tree whatever the
 * visitor says, and events below a watched file's directory name no watched file.)
 */
final class WatchedPaths implements FileTreeVisitor {

	private final List<Path> trees = new ArrayList<>();

	private final Map<Path, Set<Path>> filesByDirectory = new LinkedHashMap<>();

	private final Predicate<Path> filter;

	/**
	 * Sorts the paths out: an existing directory is watched with its subdirectories, where
	 * it leads if it is a symbolic link; anything else, even a file not there yet, is a
	 * file watched in its directory.
	 * @param paths the files and directories to watch
	 * @param filter which files in a watched directory count, by path relative to it
	 * @throws IllegalArgumentException if there are no paths, or a file's directory is
	 * missing
	 */
	WatchedPaths(Collection<Path> paths, Predicate<Path> filter) {
		if (paths.isEmpty()) {
			throw new IllegalArgumentException("No files or directories to watch");
		}
		for (Path given : paths) {
			Path path = given.toAbsolutePath().normalize();
			Path directory = path.getParent();
			if (Files.isDirectory(path)) {
				// Walking a tree does not follow a link it starts from.
				this.trees.add(Files.isSymbolicLink(path) ? realPath(path) : path);
			}
			else if (directory != null && Files.isDirectory(directory)) {
				this.filesByDirectory.computeIfAbsent(directory, (key) -> new LinkedHashSet<>()).add(path);
			}
			else {
				throw new IllegalArgumentException(
						"Cannot watch " + path + ": there is no directory " + directory + " to watch it in");
			}
		}
		this.filter = filter;
	}

	/**
	 * The directories the library starts from: each watched directory, and the directory
	 * of each watched file.
	 */
	List<Path> directories() {
		List<Path> directories = new ArrayList<>(this.trees);
		directories.addAll(this.filesByDirectory.keySet());
		return directories;
	}

	/**
	 * Whether a path is a watched file, or a file the filter lets through in a watched
	 * directory.
	 */
	boolean isWatched(Path path) {
		Set<Path> files = this.filesByDirectory.get(path.getParent());
		if (files != null && files.contains(path)) {
			return true;
		}
		Path tree = treeOf(path);
		return tree != null && !tree.equals(path) && this.filter.test(tree.relativize(path));
	}

	/**
	 * The files to look at for changes: every watched file, whether it is there or not,
	 * and the files in watched directories that the filter lets through.
	 */
	Set<Path> files() throws IOException {
		Set<Path> files = new LinkedHashSet<>();
		this.filesByDirectory.values().forEach(files::addAll);
		for (Path tree : this.trees) {
			DEFAULT_FILE_TREE_VISITOR.recursiveVisitFiles(tree, (directory) -> {
			}, (file) -> {
				if (isWatched(file)) {
					files.add(file);
				}
			});
		}
		return files;
	}

	@Override
	public void recursiveVisitFiles(Path start, Callback onDirectory, Callback onFile) throws IOException {
		if (treeOf(start) != null) {
			DEFAULT_FILE_TREE_VISITOR.recursiveVisitFiles(start, onDirectory, onFile);
		}
		else if (this.filesByDirectory.containsKey(start)) {
			onDirectory.call(start);
			for (Path file : this.filesByDirectory.get(start)) {
				if (Files.exists(file)) {
					onFile.call(file);
				}
			}
		}
	}

	@Override
	public String toString() {
		return Stream
			.concat(this.trees.stream().map((tree) -> tree + " (directory, recursive)"),
					this.filesByDirectory.values().stream().flatMap(Set::stream).map((file) -> file + " (file)"))
			.collect(Collectors.joining(", "));
	}

	private static Path realPath(Path link) {
		try {
			return link.toRealPath();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Cannot watch " + link + ": " + ex, ex);
		}
	}

	private @Nullable Path treeOf(Path path) {
		for (Path tree : this.trees) {
			if (path.startsWith(tree)) {
				return tree;
			}
		}
		return null;
	}

}
