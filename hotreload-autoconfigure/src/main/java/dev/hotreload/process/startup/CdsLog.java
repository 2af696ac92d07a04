package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a worker JVM's {@code -Xlog:cds} output says about the archive it was given: the
 * JVM writes {@code Opened archive <file>} once it maps it and a line starting with
 * {@code UseSharedSpaces:} when it turns sharing off (a jar differs from the one archived,
 * the class path does not match, the archive is of another JVM...).
 *
 * @param used whether the JVM runs with the archive
 * @param reason the JVM's line that says why, or what went wrong reading it
 */
record CdsLog(boolean used, String reason) {

	/** The JVM option that writes the log to a file. */
	static String option(Path file) {
		return "-Xlog:cds=info:file=" + file;
	}

	/**
	 * Reads the log of a JVM that has started.
	 * @param file the log
	 * @param archive the archive it was given
	 * @return the verdict
	 */
	static CdsLog read(Path file, Path archive) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file);
		}
		catch (IOException ex) {
			return new CdsLog(false, "its -Xlog:cds output " + file + " could not be read: " + ex.getMessage());
		}
		for (String line : lines) {
			int at = line.indexOf("UseSharedSpaces:");
			if (at >= 0) {
				return new CdsLog(false, line.substring(at).strip());
			}
		}
		String opened = "Opened archive " + archive;
		return lines.stream()
			.filter((line) -> line.contains(opened))
			.findFirst()
			.map((line) -> new CdsLog(true, opened))
			.orElseGet(() -> new CdsLog(false, "its -Xlog:cds output " + file + " does not say it opened " + archive));
	}

}
