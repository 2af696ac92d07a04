package dev.hotreload.benchmarks.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableTests {

	@Test
	void sideBySideKeepsTheFirstColumnOnceAndNamesEachTablesColumns(@TempDir Path dir) throws Exception {
		Table tomcat = new Table("metric", "value").row("cold start", 2907).row("reload", 273);
		Table jetty = new Table("metric", "value").row("cold start", 3100).row("reload", 371);
		Table.sideBySide(List.of("tomcat", "jetty"), List.of(tomcat, jetty)).writeCsv(dir.resolve("t.csv"));
		assertThat(Files.readAllLines(dir.resolve("t.csv"), StandardCharsets.UTF_8))
			.containsExactly("metric,tomcat,jetty", "cold start,2907,3100", "reload,273,371");

		Table wide = new Table("strategy", "errors", "ms").row("hotreload", 0, 481);
		Table.sideBySide(List.of("a", "b"), List.of(wide, wide)).writeCsv(dir.resolve("w.csv"));
		assertThat(Files.readAllLines(dir.resolve("w.csv"), StandardCharsets.UTF_8))
			.containsExactly("strategy,a errors,a ms,b errors,b ms", "hotreload,0,481,0,481");
	}

	@Test
	void sideBySideRefusesTablesWithOtherRows() {
		Table one = new Table("metric", "value").row("cold start", 1);
		Table other = new Table("metric", "value").row("reload", 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Table.sideBySide(List.of("a", "b"), List.of(one, other)))
			.withMessageContaining("reload");
		assertThatIllegalArgumentException().isThrownBy(
				() -> Table.sideBySide(List.of("a", "b"), List.of(one, new Table("metric", "value"))));
	}

}
