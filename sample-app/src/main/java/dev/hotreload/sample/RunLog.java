package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log of records, one JSON object a line, in a file: it outlives every generation,
 * whether generations are contexts in one JVM, contexts on class loaders of their own
 * (development mode) or worker JVMs (process mode), where a static field would not.
 * Records are flat objects of string and number fields.
 */
final class RunLog {

	private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|(-?\\d+))");

	private final Path file;

	RunLog(Path file) {
		this.file = file;
	}

	Path file() {
		return this.file;
	}

	/**
	 * Appends a record as one line, in one write: lines of concurrent writers (two
	 * generations, two processes) do not interleave.
	 * @param fields the record's fields, in order; values are strings or numbers
	 */
	void append(Map<String, Object> fields) {
		StringBuilder line = new StringBuilder("{");
		fields.forEach((name, value) -> {
			if (line.length() > 1) {
				line.append(',');
			}
			line.append('"').append(name).append("\":");
			line.append((value instanceof Number) ? value.toString() : "\"" + value + "\"");
		});
		line.append("}\n");
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.write(this.file, line.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND, StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every record, in the order they were written.
	 * @return the records, each field's value a string or a long
	 */
	List<Map<String, Object>> read() {
		List<String> lines;
		try {
			lines = Files.readAllLines(this.file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<Map<String, Object>> records = new ArrayList<>();
		for (String line : lines) {
			if (!line.endsWith("}")) {
				continue; // a line being written
			}
			Map<String, Object> record = new LinkedHashMap<>();
			Matcher field = FIELD.matcher(line);
			while (field.find()) {
				record.put(field.group(1), (field.group(3) != null) ? field.group(3) : Long.parseLong(field.group(4)));
			}
			records.add(record);
		}
		return records;
	}

}
