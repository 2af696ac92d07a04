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

	/**
	 * Tables with the same rows (the same first column), side by side: the first column
	 * once, then each table's other columns, headed by the table's name (and the column's
	 * own header when a table has more than one).
	 * @param names a name for each table, such as the server it measured
	 * @param tables the tables, in the order of their names
	 * @return the joined table
	 * @throws IllegalArgumentException if the tables' first columns differ
	 */
	public static Table sideBySide(List<String> names, List<Table> tables) {
		Table first = tables.get(0);
		List<String> header = new ArrayList<>(List.of(first.header.get(0)));
		for (int t = 0; t < tables.size(); t++) {
			List<String> own = tables.get(t).header;
			for (String column : own.subList(1, own.size())) {
				header.add((own.size() == 2) ? names.get(t) : names.get(t) + " " + column);
			}
		}
		Table joined = new Table(header.toArray(String[]::new));
		for (int r = 0; r < first.rows.size(); r++) {
			List<String> row = new ArrayList<>(List.of(first.rows.get(r).get(0)));
			for (Table table : tables) {
				List<String> own = (r < table.rows.size()) ? table.rows.get(r) : List.of("(no row " + r + ")");
				if (table.rows.size() != first.rows.size() || !own.get(0).equals(row.get(0))) {
					throw new IllegalArgumentException("Row " + r + " is '" + row.get(0) + "' in one table and '"
							+ own.get(0) + "' in another");
				}
				row.addAll(own.subList(1, own.size()));
			}
			joined.row(row.toArray());
		}
		return joined;
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
