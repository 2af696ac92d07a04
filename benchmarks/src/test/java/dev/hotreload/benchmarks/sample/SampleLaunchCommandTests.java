package dev.hotreload.benchmarks.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's tests give every sample JVM the samples' test options, but a collector or a
 * heap size a benchmark chose stays its own: a JVM given two collectors does not start.
 * (The module's build sets the options, {@code -Xmx256m -XX:TieredStopAtLevel=1
 * -XX:+UseSerialGC}.)
 */
class SampleLaunchCommandTests {

	@Test
	void testOptionsFollowTheBenchmarksOwn() {
		assertThat(SampleLaunchCommand.testJvmOptions(List.of())).containsExactly("-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
		List<String> command = SampleLaunchCommand.forThisJvm().command(8080, List.of("-Dx=1"));
		assertThat(command.subList(1, 5)).containsExactly("-Dx=1", "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC");
	}

	@Test
	void aCollectorOrHeapTheBenchmarkChoseIsKept() {
		assertThat(SampleLaunchCommand.testJvmOptions(List.of("-XX:+UseG1GC"))).containsExactly("-Xmx256m",
				"-XX:TieredStopAtLevel=1");
		assertThat(SampleLaunchCommand.testJvmOptions(List.of("-Xmx1g", "-XX:+UseParallelGC")))
			.containsExactly("-XX:TieredStopAtLevel=1");
	}

}
