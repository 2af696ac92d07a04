package dev.hotreload.benchmarks.strategies;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.cli.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The strategy comparison runs end to end on a small setting (one reload per strategy,
 * short load, no steady part). It asserts what was written and that hotreload's clients saw
 * no error; never a timing, and never the other strategies' errors: those are what is
 * measured, not a claim.
 */
class StrategyComparisonTests {

	@Test
	void smallRunWritesCsvAndPngForEveryStrategyAndHotReloadHasNoErrors(@TempDir Path results) throws Exception {
		StrategyComparisonOptions options = StrategyComparisonOptions.parse("--reloads=1", "--lead-millis=1000",
				"--pause-millis=1000", "--steady-seconds=0", "--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		StrategyComparison.Result result;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			result = new StrategyComparison(options, out).run();
		}
		String output = printed.toString(StandardCharsets.UTF_8);
		System.out.print(output);

		StrategyRun hotreload = result.run(Strategy.HOTRELOAD);
		assertThat(hotreload.errors()).as(output).isZero();
		assertThat(hotreload.requests()).isPositive();
		assertThat(result.runs()).extracting(StrategyRun::strategy).containsExactly(Strategy.values());
		assertThat(result.runs()).allSatisfy((run) -> assertThat(run.reloads()).hasSize(1));

		List<String> summary = Files.readAllLines(result.csv(), StandardCharsets.UTF_8);
		assertThat(summary.get(0)).startsWith("strategy,reloads,requests,errors,errors/reload,");
		assertThat(summary.subList(1, summary.size())).extracting((row) -> row.split(",")[0])
			.containsExactly(labels());
		assertThat(summary.get(1).split(",")[3]).as("hotreload's errors column").isEqualTo("0");

		List<String> timeline = Files.readAllLines(result.timelineCsv(), StandardCharsets.UTF_8);
		assertThat(timeline.get(0)).isEqualTo(
				"strategy,seconds,requests,errors,refused,reset_no_response,non_200,reloads_triggered");
		assertThat(timeline.subList(1, timeline.size())).extracting((row) -> row.split(",")[0])
			.contains(labels());
		assertThat(results.resolve(StrategyComparison.RELOADS_CSV)).exists();
		List<String> generations = Files.readAllLines(results.resolve(StrategyComparison.GENERATIONS_CSV),
				StandardCharsets.UTF_8);
		assertThat(generations.get(0)).isEqualTo("strategy,seconds,generation,label,answered_200");
		// One reload: hotreload's answers come from generations 1 and 2.
		assertThat(generations.subList(1, generations.size())).filteredOn((row) -> row.startsWith("hotreload,"))
			.extracting((row) -> row.split(",")[3])
			.contains("gen 1", "gen 2");

		assertThat(result.png()).exists();
		byte[] png = Files.readAllBytes(result.png());
		assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
	}

	private static String[] labels() {
		return Arrays.stream(Strategy.values()).map(Strategy::label).toArray(String[]::new);
	}

	@Test
	void unknownFlagIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> StrategyComparisonOptions.parse("--reload=3"));
	}

}
