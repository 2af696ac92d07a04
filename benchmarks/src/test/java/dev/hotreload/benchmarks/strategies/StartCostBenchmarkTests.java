package dev.hotreload.benchmarks.strategies;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The start-cost benchmark runs end to end on one start of the Jetty sample's jar (which
 * also checks that the harness finds that jar), and reads CPU time the kernel counted. It
 * asserts what was written, never a figure.
 */
class StartCostBenchmarkTests {

	@Test
	void oneStartWritesItsCpuAndWallTime(@TempDir Path results) throws Exception {
		StartCostOptions options = StartCostOptions.parse("--starts=1", "--servers=jetty",
				"--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<StartCostBenchmark.Measured> measured;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			measured = new StartCostBenchmark(options, out).run();
		}
		finally {
			System.out.print(printed.toString(StandardCharsets.UTF_8));
		}

		assertThat(measured).singleElement().satisfies((jetty) -> {
			assertThat(jetty.configuration().server()).isEqualTo(SampleServer.JETTY);
			assertThat(jetty.cpu()).singleElement().satisfies((cpu) -> assertThat(cpu).isPositive());
			assertThat(jetty.wall()).singleElement().satisfies((wall) -> assertThat(wall).isPositive());
		});
		List<String> starts = Files.readAllLines(results.resolve(StartCostBenchmark.CSV), StandardCharsets.UTF_8);
		assertThat(starts).hasSize(2).first().isEqualTo("configuration,start,cpu_seconds,wall_seconds");
		assertThat(starts.get(1)).matches("\"jetty, as shipped\",1,\\d+\\.\\d\\d,\\d+\\.\\d\\d");
		List<String> summary = Files.readAllLines(results.resolve(StartCostBenchmark.SUMMARY_CSV),
				StandardCharsets.UTF_8);
		assertThat(summary).hasSize(2);
		assertThat(summary.get(1)).startsWith("\"jetty, as shipped\",1,").endsWith(",1.00");
	}

	@Test
	void everyServerStartsAsShippedAndTomcatAlsoWithTheFleet() {
		assertThat(StartCostBenchmark.configurations(List.of(SampleServer.values())))
			.extracting(StartCostBenchmark.Configuration::name)
			.containsExactly("tomcat, as shipped", "tomcat, " + StartCostBenchmark.FLEET_ON, "jetty, as shipped",
					"netty, as shipped");
	}

	@Test
	void cpuTimeIsReadFromTheKernel() throws Exception {
		// This JVM has compiled and run the test so far: the kernel has counted some of it.
		assertThat(ProcessCpuTime.of(ProcessHandle.current().pid())).isGreaterThan(Duration.ZERO);
	}

	@Test
	void unknownServerIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> StartCostOptions.parse("--servers=tomcat,undertow"))
			.withMessageContaining("undertow");
	}

}
