package dev.hotreload.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directories a supervisor keeps for itself and for each worker (control socket, jar
 * copies), removed when their owner is gone.
 */
public final class PrivateDirectory {

	private PrivateDirectory() {
	}

	/**
	 * Deletes a directory and everything in it, as far as it can: what cannot be deleted
	 * is left in the temporary directory.
	 * @param directory the directory
	 */
	public static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Left in the temporary directory.
		}
	}

}
