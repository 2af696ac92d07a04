package dev.hotreload.benchmarks.serving;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.sample.SampleServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The serving-cost benchmark runs end to end, briefly, on the WebFlux sample's jar with
 * hotreload on, off, and off on Netty's NIO transport, through both load tools. It asserts what was written, never a
 * figure.
 */
class ServingCostBenchmarkTests {

	@Test
	void oneRoundPerProtocolWritesBothConfigurationsRates(@TempDir Path results) throws Exception {
		ServingCostOptions options = ServingCostOptions.parse("--rounds=1", "--requests=2000", "--wrk-seconds=1",
				"--servers=netty", "--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<ServingCostBenchmark.Measured> measured;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			measured = new ServingCostBenchmark(options, out).run();
		}
		finally {
			System.out.print(printed.toString(StandardCharsets.UTF_8));
		}

		assertThat(measured).extracting(ServingCostBenchmark.Measured::protocol)
			.containsExactly(ServingCostBenchmark.Protocol.H2C, ServingCostBenchmark.Protocol.HTTP11);
		assertThat(measured).allSatisfy((each) -> {
			assertThat(each.server()).isEqualTo(SampleServer.NETTY);
			assertThat(each.configurations()).extracting(ServingCostBenchmark.Configuration::name)
				.containsExactly("on", "off", "off, NIO");
			assertThat(each.rates()).allSatisfy((rates) -> assertThat(rates).singleElement()
				.satisfies((rate) -> assertThat(rate).isPositive()));
		});
		List<String> runs = Files.readAllLines(results.resolve(ServingCostBenchmark.CSV), StandardCharsets.UTF_8);
		assertThat(runs).first().isEqualTo("server,protocol,configuration,run,requests_per_second");
		assertThat(runs.subList(1, runs.size())).hasSize(6)
			.allMatch((line) -> line.matches("netty,\\w+,(on|off|\"off, NIO\"),1,\\d+"));
		assertThat(Files.readAllLines(results.resolve(ServingCostBenchmark.SUMMARY_CSV), StandardCharsets.UTF_8))
			.hasSize(7);
		// The starter runs in the first JVM only.
		assertThat(Files.readString(results.resolve("logs").resolve("netty-on.log"))).contains("Generation 1 serves");
		assertThat(Files.readString(results.resolve("logs").resolve("netty-off.log")))
			.doesNotContain("Generation 1 serves");
		assertThat(Files.readString(results.resolve("logs").resolve("netty-off-NIO.log")))
			.doesNotContain("Generation 1 serves");
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(ServingCostBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
		assertThat(ServingCostBenchmark.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
	}

	@Test
	void unknownServerIsAUsageError() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> ServingCostOptions.parse("--servers=netty,undertow"))
			.withMessageContaining("undertow");
	}

}
