package dev.hotreload.sampletest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An operator's configuration file beside the sample: an {@code application.properties}
 * in a directory of its own that every generation (every worker, in process mode) reads
 * afresh as it starts.
 */
public final class ExternalConfig {

	private ExternalConfig() {
	}

	/**
	 * The argument that makes the sample read the directory's file.
	 * @param directory the directory
	 * @return {@code --spring.config.additional-location=file:<directory>/}
	 */
	public static String location(Path directory) {
		return "--spring.config.additional-location=file:" + directory.toAbsolutePath() + "/";
	}

	/**
	 * Writes the file, replacing what it held.
	 * @param directory the directory
	 * @param lines its lines
	 */
	public static void write(Path directory, String... lines) throws IOException {
		Files.write(directory.resolve("application.properties"), List.of(lines));
	}

}
