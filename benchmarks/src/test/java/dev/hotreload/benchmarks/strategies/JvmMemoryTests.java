package dev.hotreload.benchmarks.strategies;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Resident memory is read from {@code VmRSS} in {@code /proc/<pid>/status}.
 */
class JvmMemoryTests {

	@Test
	void readsVmRssInKib() {
		List<String> status = List.of("Name:\tjava", "VmPeak:\t 8992404 kB", "VmRSS:\t  219676 kB", "Threads:\t42");
		assertThat(JvmMemory.rssKib(status)).isEqualTo(219676);
		assertThat(new JvmMemory("worker", 1, 219676).rssMib()).isEqualTo(214.527, within(0.001));
	}

	@Test
	void statusWithoutVmRssOrAProcessThatIsGoneReadsAsUnknown() {
		assertThat(JvmMemory.rssKib(List.of("Name:\tkthreadd", "State:\tS (sleeping)"))).isEqualTo(-1);
		assertThat(JvmMemory.rssKib(Long.MAX_VALUE)).isEqualTo(-1);
	}

	@Test
	void readsThisJvm() {
		assertThat(JvmMemory.of("harness", ProcessHandle.current().pid()).rssKib()).isPositive();
	}

}
