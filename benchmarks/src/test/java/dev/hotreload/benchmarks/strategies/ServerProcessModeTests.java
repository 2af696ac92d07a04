package dev.hotreload.benchmarks.strategies;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hotreload.benchmarks.sample.SampleServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strategy comparison's process mode on the samples whose classes are not on the
 * harness's class path (their context mode runs as Tomcat's does, from a jar:
 * {@code StartCostBenchmarkTests} starts them so). A class of its own: the other test
 * JVM runs it beside {@link StrategyComparisonTests}' small run. Jetty only: the harness
 * starts every sample off its class path the same way, and Reactor Netty's run took 45 s
 * more of a CI run (r19, 86 s for both); the WebFlux sample's process mode is tested by its
 * own {@code WebFluxProcessIT}, and its strategy comparison was measured with
 * {@code --servers=netty} (docs/measured-results.md).
 */
class ServerProcessModeTests {

	@ParameterizedTest
	@EnumSource(names = "JETTY")
	void runsInProcessModeInADirectoryOfItsOwnWithoutErrors(SampleServer server, @TempDir Path results)
			throws Exception {
		StrategyComparisonOptions options = StrategyComparisonOptions.parse("--reloads=1", "--warm-up-millis=500",
				"--baseline-seconds=1", "--pause-millis=500", "--after-switch-seconds=2", "--steady-seconds=0",
				"--strategies=hotreload-process,context-restart", "--servers=" + server.label(),
				"--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		Map<SampleServer, StrategyComparison.Result> byServer = StrategyComparisonTests.run(options, printed);
		String output = printed.toString(StandardCharsets.UTF_8);

		assertThat(byServer).containsOnlyKeys(server);
		StrategyComparison.Result result = byServer.get(server);
		// The context restart needs the sample's classes on the harness's class path: left out, and said so.
		assertThat(result.runs()).extracting(StrategyRun::strategy).containsExactly(Strategy.HOTRELOAD_PROCESS);
		assertThat(output).contains("context-restart: does not run on the " + server.displayName() + " sample");
		StrategyRun process = result.run(Strategy.HOTRELOAD_PROCESS);
		assertThat(process.errors()).as(output).isZero();
		assertThat(process.recorder().distinctGenerations()).isEqualTo(2);
		assertThat(process.leftBehind()).as(output).isEmpty();
		assertThat(result.csv()).isEqualTo(results.resolve(server.label()).resolve(StrategyComparison.CSV));
		List<String> summary = Files.readAllLines(result.csv(), StandardCharsets.UTF_8);
		assertThat(summary).hasSize(2);
		assertThat(summary.get(1)).startsWith("hotreload-process,1,");
		assertThat(summary.get(1).split(",")[3]).as("errors column").isEqualTo("0");
		assertThat(results.resolve(StrategyComparison.CSV)).doesNotExist();
	}

}
