package dev.hotreload.benchmarks.devloop;

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
 * The dev-loop comparison runs end to end with one change per setup and short load. It
 * asserts what was written, that the new code was served in both setups, and that
 * hotreload's clients saw no failed request; never a timing, and never DevTools' failures:
 * those are what is measured, not a claim.
 */
class DevLoopComparisonTests {

	@Test
	void oneChangePerSetupWritesCsvAndPngAndHotReloadHasNoFailedRequest(@TempDir Path results) throws Exception {
		DevLoopOptions options = DevLoopOptions.parse("--changes=1", "--warm-up-millis=500", "--pause-millis=500",
				"--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		DevLoopComparison.Result result;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			result = new DevLoopComparison(options, out).run();
		}
		finally {
			System.out.print(printed.toString(StandardCharsets.UTF_8));
		}
		String output = printed.toString(StandardCharsets.UTF_8);

		DevLoopRun hotreload = result.run(DevLoopSetup.HOTRELOAD_DEV);
		assertThat(hotreload.errors()).as(output).isZero();
		assertThat(hotreload.requests()).isPositive();
		assertThat(result.runs()).extracting(DevLoopRun::setup).containsExactly(DevLoopSetup.values());
		assertThat(result.runs()).allSatisfy((run) -> assertThat(run.changes()).extracting(CodeChange::build)
			.containsExactly("v2"));
		assertThat(hotreload.changes().get(0).detail()).startsWith("generation 2,");
		assertThat(result.run(DevLoopSetup.DEVTOOLS_RESTART).changes().get(0).detail())
			.isEqualTo("restarts logged so far: 1");

		List<String> summary = Files.readAllLines(result.csv(), StandardCharsets.UTF_8);
		assertThat(summary.get(0)).startsWith("setup,changes,median class file written to new code served (ms),");
		assertThat(summary.subList(1, summary.size())).extracting((row) -> row.split(",")[0])
			.containsExactly("hotreload-dev", "devtools-restart");
		assertThat(summary.get(1).split(",")[6]).as("hotreload-dev's failed column").isEqualTo("0");
		List<String> changes = Files.readAllLines(result.changesCsv(), StandardCharsets.UTF_8);
		assertThat(changes).hasSize(3);
		assertThat(changes.get(0)).startsWith("setup,change,build,written_seconds,served_seconds,");
		List<String> timeline = Files.readAllLines(result.timelineCsv(), StandardCharsets.UTF_8);
		assertThat(timeline.get(0)).isEqualTo("setup,seconds,requests,served_200,refused,reset_no_response,non_200,"
				+ "class_files_written,new_code_served");
		assertThat(timeline.subList(1, timeline.size())).extracting((row) -> row.split(",")[0])
			.contains("hotreload-dev", "devtools-restart");
		assertThat(Arrays.copyOf(Files.readAllBytes(result.png()), 4)).containsExactly(0x89, 'P', 'N', 'G');
		// The copies of the class directory are gone; the module's own was never written to.
		assertThat(results.resolve("logs").resolve("devloop-hotreload-dev.log")).exists();
	}

	@Test
	void onlyTheDevToolsSetupHasDevToolsOnItsClassPath() throws Exception {
		SampleClassPath classPath = SampleClassPath.fromBuild();
		Path classes = Path.of("copied-classes");
		List<Path> hotreload = classPath.entries(classes, DevLoopSetup.HOTRELOAD_DEV.devtools());
		List<Path> devtools = classPath.entries(classes, DevLoopSetup.DEVTOOLS_RESTART.devtools());
		assertThat(hotreload.get(0)).isEqualTo(classes);
		assertThat(hotreload).noneMatch((entry) -> entry.getFileName().toString().contains("devtools"));
		assertThat(hotreload).anyMatch((entry) -> entry.getFileName().toString().startsWith("hotreload-autoconfigure"));
		assertThat(devtools.subList(0, hotreload.size())).isEqualTo(hotreload);
		assertThat(devtools.get(devtools.size() - 1).getFileName()).hasToString("spring-boot-devtools.jar");
		// The sample's own dependencies only, not the harness's.
		assertThat(hotreload).noneMatch((entry) -> entry.getFileName().toString().matches("(httpclient5|xchart).*"));
	}

	@Test
	void unknownFlagIsAUsageError() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> DevLoopOptions.parse("--change=3"));
	}

	@Test
	void setupsAreChosenByLabelAndRunInTheirOrder() throws UsageException {
		assertThat(DevLoopOptions.parse("--setups=devtools-restart,hotreload-dev").setups())
			.containsExactly(DevLoopSetup.values());
		assertThat(DevLoopOptions.parse("--setups=devtools-restart").setups())
			.containsExactly(DevLoopSetup.DEVTOOLS_RESTART);
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> DevLoopOptions.parse("--setups=jrebel"))
			.withMessageContaining("jrebel");
	}

}
