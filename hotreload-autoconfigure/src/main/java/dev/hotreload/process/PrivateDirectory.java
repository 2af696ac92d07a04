package dev.hotreload.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directories a supervisor keeps for itself and for each worker (control socket, jar
 * copies), removed when their owner is gone.
 */
public final class PrivateDirectory {

	private PrivateDirectory() {
	}

	/**
	 * Deletes a directory and everything in it, as far as it can: what cannot be deleted
	 * is left in the temporary directory. What another thread deletes meanwhile (a
	 * worker's directory, removed as the worker exits while the supervisor's goes at its
	 * shutdown) is passed over, never an error.
	 * @param directory the directory
	 */
	public static void delete(Path directory) {
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					deleteIfPossible(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path visited, IOException ex) {
					deleteIfPossible(visited);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			// Left in the temporary directory.
		}
	}

	private static void deleteIfPossible(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// Left in the temporary directory (a directory another thread filled meanwhile, say).
		}
	}

}
