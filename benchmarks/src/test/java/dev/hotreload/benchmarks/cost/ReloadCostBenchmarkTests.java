package dev.hotreload.benchmarks.cost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.sample.SampleServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness runs end to end on a small setting. It asserts what was written and that no
 * request failed under load, never a timing: timings depend on the machine.
 */
class ReloadCostBenchmarkTests {

	@Test
	void smallRunWritesEveryCsvFileAndSeesNoErrorsUnderLoad(@TempDir Path results) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse("--cold-starts=1", "--reloads=2", "--load-reloads=1",
				"--leak-checkpoints=1,2", "--servers=tomcat", "--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		BenchmarkReport report;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			report = new ReloadCostBenchmark(options, out).run().get(SampleServer.TOMCAT);
		}
		String output = printed.toString(StandardCharsets.UTF_8);
		System.out.print(output);

		assertThat(report.underLoad().load().errors()).as(output).isZero();
		assertThat(report.underLoad().load().succeeded()).isPositive();
		assertThat(output).contains("Summary", "reload / cold start", "errors under load");

		assertThat(csv(results, BenchmarkReport.COLD_START_CSV)).hasSize(2).first().isEqualTo("run,millis");
		List<String> reloads = csv(results, BenchmarkReport.RELOAD_COST_CSV);
		assertThat(reloads).first().isEqualTo("phase,reload,generation,post_millis,visible_millis");
		assertThat(reloads).filteredOn((row) -> row.startsWith("sequential,")).hasSize(2);
		assertThat(reloads).filteredOn((row) -> row.startsWith("under-load,")).hasSize(1);
		List<String> load = csv(results, BenchmarkReport.LOAD_CSV);
		assertThat(load).hasSize(2).first().asString().endsWith(",requests,succeeded,errors,requests_per_second");
		assertThat(load.get(1).split(",")[8]).as("errors column").isEqualTo("0");
		List<String> leak = csv(results, BenchmarkReport.LEAK_CSV);
		assertThat(leak).first().isEqualTo("reloads,live_contexts,java_threads,os_threads,heap_used_after_gc_mb,"
				+ "metaspace_used_mb,rss_mb");
		assertThat(leak.subList(1, leak.size())).extracting((row) -> row.split(",")[0])
			.containsExactly("0", "1", "2");
		List<String> summary = csv(results, BenchmarkReport.SUMMARY_CSV);
		assertThat(summary).first().isEqualTo("metric,value");
		assertThat(summary).anyMatch((row) -> row.startsWith("reload / cold start,"))
			.anyMatch((row) -> row.startsWith("errors under load,0 of "));
		// One server: no side-by-side summary, no directory of another server's.
		assertThat(results.resolve(ReloadCostBenchmark.SERVERS_CSV)).doesNotExist();
		assertThat(results.resolve(SampleServer.JETTY.label())).doesNotExist();
	}

	@Test
	void everyServerIsMeasuredByDefaultAndOneCanBeChosen() throws Exception {
		assertThat(BenchmarkOptions.parse().servers()).containsExactly(SampleServer.values());
		assertThat(BenchmarkOptions.parse("--servers=jetty").servers()).containsExactly(SampleServer.JETTY);
	}

	private static List<String> csv(Path results, String name) throws IOException {
		Path file = results.resolve(name);
		assertThat(file).exists();
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

}
