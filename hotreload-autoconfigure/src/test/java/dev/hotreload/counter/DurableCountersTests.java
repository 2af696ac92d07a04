package dev.hotreload.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurableCountersTests {

	private final DurableCounters counters = new DurableCounters();

	@Test
	void countsFromZero() {
		assertThat(this.counters.count("x")).isZero();
		this.counters.increment("x");
		this.counters.increment("x");
		this.counters.increment("y");
		assertThat(this.counters.count("x")).isEqualTo(2);
		assertThat(this.counters.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("x", 2L, "y", 1L));
	}

	@Test
	void reportsEachIncrementByName() {
		List<String> reported = new ArrayList<>();
		this.counters.reportTo(reported::add);
		this.counters.increment("fleet.rollouts.halted");
		this.counters.increment("fleet.rollouts.halted");
		assertThat(reported).containsExactly("fleet.rollouts.halted", "fleet.rollouts.halted");
	}

	@Test
	void restoredCountsNeverGoDown() {
		this.counters.increment("x");
		this.counters.increment("x");
		// Counts taken before the supervisor had this worker's second increment.
		this.counters.restore(Map.of("x", 1L, "y", 5L));
		assertThat(this.counters.count("x")).isEqualTo(2);
		assertThat(this.counters.count("y")).isEqualTo(5);
		this.counters.restore(Map.of("x", 7L));
		assertThat(this.counters.count("x")).isEqualTo(7);
	}

	@Test
	void aNameThatCannotTravelIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.counters.increment("a b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.counters.increment("a=b"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.counters.increment(""));
		assertThat(this.counters.snapshot()).isEmpty();
	}

}
