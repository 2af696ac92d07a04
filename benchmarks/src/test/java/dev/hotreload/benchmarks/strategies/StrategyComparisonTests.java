package dev.hotreload.benchmarks.strategies;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.sample.SampleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The strategy comparison runs end to end on a small setting (one reload per strategy,
 * short load, no steady part). It asserts what was written, that hotreload's clients saw
 * no error in either mode, that process mode reloads into a new worker JVM under the same
 * supervisor and leaves no JVM behind; never a timing, and never the restarts' errors:
 * those are what is measured, not a claim.
 */
class StrategyComparisonTests {

	/**
	 * One strategy of each kind of deployment: the warm process run and the graceful
	 * restart are the process run and the restart with other arguments
	 * ({@link #strategiesAreChosenByLabelAndRunInTheirOrder()} checks that they are chosen).
	 */
	private static final List<Strategy> SMALL_RUN = List.of(Strategy.HOTRELOAD, Strategy.HOTRELOAD_PROCESS,
			Strategy.JVM_RESTART, Strategy.CONTEXT_RESTART);

	@Test
	void smallRunWritesCsvAndPngForEveryKindOfStrategyAndHotReloadHasNoErrors(@TempDir Path results)
			throws Exception {
		StrategyComparisonOptions options = StrategyComparisonOptions.parse("--reloads=1", "--warm-up-millis=500",
				"--baseline-seconds=1", "--pause-millis=500", "--after-switch-seconds=2", "--steady-seconds=0",
				"--strategies=" + String.join(",", labels()), "--servers=tomcat", "--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		StrategyComparison.Result result = run(options, printed).get(SampleServer.TOMCAT);
		String output = printed.toString(StandardCharsets.UTF_8);

		StrategyRun hotreload = result.run(Strategy.HOTRELOAD);
		assertThat(hotreload.errors()).as(output).isZero();
		assertThat(hotreload.requests()).isPositive();
		StrategyRun process = result.run(Strategy.HOTRELOAD_PROCESS);
		assertThat(process.errors()).as(output).isZero();
		assertThat(process.requests()).isPositive();
		// Every generation answered: the first worker's, then the reload's new worker.
		assertThat(process.recorder().distinctGenerations()).isEqualTo(2);
		// The supervisor stays, the reload runs the application in a new worker JVM.
		JvmMemory.Readings memory = process.memory();
		long supervisor = pid(memory.started(), "supervisor");
		assertThat(pid(memory.afterReloads(), "supervisor")).isEqualTo(supervisor);
		long firstWorker = pid(memory.started(), "worker");
		long lastWorker = pid(memory.afterReloads(), "worker");
		assertThat(lastWorker).isNotIn(supervisor, firstWorker);
		assertThat(memory.started()).allSatisfy((jvm) -> assertThat(jvm.rssKib()).isPositive());
		assertThat(memory.afterReloads()).allSatisfy((jvm) -> assertThat(jvm.rssKib()).isPositive());
		// Closing stopped the supervisor and every worker: nothing was left to kill.
		assertThat(process.leftBehind()).as(output).isEmpty();
		assertThat(process.stoppedForcibly()).as(output).isFalse();
		assertThat(List.of(supervisor, firstWorker, lastWorker)).allSatisfy((pid) -> assertThat(
				ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid + " alive").isFalse());
		assertThat(result.runs()).extracting(StrategyRun::strategy).containsExactlyElementsOf(SMALL_RUN);
		assertThat(result.runs()).allSatisfy((run) -> assertThat(run.reloads()).hasSize(1));

		List<String> summary = Files.readAllLines(result.csv(), StandardCharsets.UTF_8);
		assertThat(summary.get(0)).startsWith("strategy,reloads,requests,errors,errors/reload,");
		assertThat(summary.subList(1, summary.size())).extracting((row) -> row.split(",")[0])
			.containsExactly(labels());
		assertThat(summary.get(1).split(",")[3]).as("hotreload's errors column").isEqualTo("0");
		assertThat(summary.get(2)).startsWith("hotreload-process,");
		assertThat(summary.get(2).split(",")[3]).as("hotreload-process's errors column").isEqualTo("0");
		List<String> afterSwitch = Files.readAllLines(results.resolve(StrategyComparison.AFTER_SWITCH_CSV),
				StandardCharsets.UTF_8);
		assertThat(afterSwitch.get(0)).startsWith("strategy,errors/reload,median until new version serves (ms),"
				+ "baseline p99 (ms),");
		assertThat(afterSwitch.subList(1, afterSwitch.size())).extracting((row) -> row.split(",")[0])
			.containsExactly(labels());
		List<String> memoryRows = Files.readAllLines(results.resolve(StrategyComparison.MEMORY_CSV),
				StandardCharsets.UTF_8);
		assertThat(memoryRows.subList(1, memoryRows.size())).filteredOn((row) -> row.startsWith("hotreload-process,"))
			.extracting((row) -> row.split(",")[1])
			.contains("supervisor", "worker");

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
		assertThat(generations.subList(1, generations.size()))
			.filteredOn((row) -> row.startsWith("hotreload-process,"))
			.extracting((row) -> row.split(",")[3])
			.contains("gen 1", "gen 2");

		assertThat(result.png()).exists();
		byte[] png = Files.readAllBytes(result.png());
		assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
		// One server: its files where they have always been, no side-by-side table.
		assertThat(results.resolve(StrategyComparison.SERVERS_CSV)).doesNotExist();
	}

	@Test
	void eachServersErrorsAndTimesAreSideBySideWithADashWhereAStrategyDidNotRun(@TempDir Path dir)
			throws Exception {
		StrategyRun.Reload reload = new StrategyRun.Reload(1, 2.0, Duration.ofMillis(5), Duration.ofMillis(480),
				"generation 2 SWITCHED");
		StrategyRun run = new StrategyRun(Strategy.HOTRELOAD, new RequestRecorder(), 3, List.of(reload), List.of(),
				new double[] { 0, 1 }, 1, null, List.of(), false);
		Map<SampleServer, List<StrategyRun>> runs = new EnumMap<>(SampleServer.class);
		runs.put(SampleServer.TOMCAT, List.of(run));
		runs.put(SampleServer.JETTY, List.of());
		StrategyTables.servers(List.of(Strategy.HOTRELOAD, Strategy.HOTRELOAD_PROCESS), runs)
			.writeCsv(dir.resolve("servers.csv"));
		assertThat(Files.readAllLines(dir.resolve("servers.csv"), StandardCharsets.UTF_8)).containsExactly(
				"strategy,tomcat errors/reload,tomcat median until new version serves (ms),jetty errors/reload,"
						+ "jetty median until new version serves (ms)",
				"hotreload,0.0,480,-,-", "hotreload-process,-,-,-,-");
	}

	private static long pid(List<JvmMemory> reading, String role) {
		List<JvmMemory> jvms = reading.stream().filter((jvm) -> jvm.role().equals(role)).toList();
		assertThat(jvms).as(role + " in " + reading).hasSize(1);
		return jvms.get(0).pid();
	}

	static Map<SampleServer, StrategyComparison.Result> run(StrategyComparisonOptions options,
			ByteArrayOutputStream printed) throws Exception {
		Map<SampleServer, StrategyComparison.Result> result;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			result = new StrategyComparison(options, out).run();
		}
		finally {
			System.out.print(printed.toString(StandardCharsets.UTF_8));
		}
		return result;
	}

	private static String[] labels() {
		return SMALL_RUN.stream().map(Strategy::label).toArray(String[]::new);
	}

	@Test
	void unknownFlagIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> StrategyComparisonOptions.parse("--reload=3"));
	}

	@Test
	void strategiesAreChosenByLabelAndRunInTheirOrder() throws UsageException {
		assertThat(StrategyComparisonOptions.parse("--strategies=jvm-restart,hotreload-process").strategies())
			.containsExactly(Strategy.HOTRELOAD_PROCESS, Strategy.JVM_RESTART);
		assertThat(StrategyComparisonOptions.parse("--strategies=graceful-restart,hotreload-process-warm").strategies())
			.containsExactly(Strategy.HOTRELOAD_PROCESS_WARM, Strategy.GRACEFUL_RESTART);
		assertThat(StrategyComparisonOptions.parse().strategies()).containsExactly(Strategy.values());
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> StrategyComparisonOptions.parse("--strategies=hotreload,blue-green"))
			.withMessageContaining("blue-green");
	}

}
