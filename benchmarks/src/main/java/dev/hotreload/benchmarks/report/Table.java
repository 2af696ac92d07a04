package dev.hotreload.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rows of text under a header, printed as an aligned table for people or written as CSV
 * for tools.
 */
public final class Table {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	public Table(String... header) {
		this.header = List.of(header);
	}

	public Table row(Object... values) {
		if (values.length != this.header.size()) {
			throw new IllegalArgumentException("Expected " + this.header.size() + " values, got " + values.length);
		}
		this.rows.add(List.of(values).stream().map(String::valueOf).toList());
		return this;
	}

	public void print(String title, PrintStream out) {
		int[] widths = new int[this.header.size()];
		for (List<String> line : lines()) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], line.get(i).length());
			}
		}
		out.println();
		out.println(title);
		for (List<String> line : lines()) {
			StringBuilder text = new StringBuilder("  ");
			for (int i = 0; i < widths.length; i++) {
				text.append((i > 0) ? " | " : "").append(String.format("%-" + widths[i] + "s", line.get(i)));
			}
			out.println(text.toString().stripTrailing());
		}
	}

	public void writeCsv(Path file) throws IOException {
		List<String> csv = lines().stream()
			.map((line) -> line.stream().map(Table::csvField).collect(Collectors.joining(",")))
			.toList();
		Files.write(file, csv, StandardCharsets.UTF_8);
	}

	private List<List<String>> lines() {
		List<List<String>> lines = new ArrayList<>();
		lines.add(this.header);
		lines.addAll(this.rows);
		return lines;
	}

	private static String csvField(String value) {
		boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
		return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
	}

}
