package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a worker JVM's {@code -Xlog:cds} output says about the archive it was given. Once
 * it maps the archive, JDK 17 writes {@code Opened archive <file>.}, JDK 25
 * {@code Opened shared archive file <file>.}. When it turns sharing off (a jar differs
 * from the one archived, the class path does not match, the archive is of another JVM),
 * JDK 17 writes a line starting with {@code UseSharedSpaces:}, JDK 25 a warning that says
 * why and an error.
 *
 * @param used whether the JVM runs with the archive
 * @param reason the JVM's lines that say so or why not, or what went wrong reading them
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
		List<String> said = lines.stream()
			.filter((line) -> line.contains("UseSharedSpaces:") || line.contains("][error")
					|| line.contains("][warning"))
			.map(CdsLog::message)
			.toList();
		if (lines.stream().anyMatch((line) -> line.contains("UseSharedSpaces:") || line.contains("][error"))) {
			return new CdsLog(false, String.join("; ", said));
		}
		return lines.stream()
			.filter((line) -> line.contains("Opened archive " + archive + ".")
					|| line.contains("Opened shared archive file " + archive + "."))
			.findFirst()
			.map((line) -> new CdsLog(true, message(line)))
			.orElseGet(() -> new CdsLog(false, "its -Xlog:cds output " + file + " does not say it opened " + archive));
	}

	// The message without the decorations ([0.081s][info][cds]).
	private static String message(String line) {
		return line.replaceFirst("^(\\[[^\\]]*\\])+\\s*", "").strip();
	}

}
