package dev.hotreload.generation;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A generation's identity: numbers start at 1, uptime is never negative, and older means
 * a smaller number.
 */
class WorkerGenerationTests {

	@Test
	void startingNowUsesThisProcessAndTheCurrentTime() {
		Instant before = Instant.now();
		WorkerGeneration generation = WorkerGeneration.startingNow(3);
		Instant after = Instant.now();
		assertThat(generation.generation()).isEqualTo(3);
		assertThat(generation.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(generation.startTime()).isBetween(before, after);
	}

	@Test
	void generationOneIsTheFirstAllowed() {
		WorkerGeneration generation = new WorkerGeneration(1, Instant.now(), 42);
		assertThat(generation.generation()).isEqualTo(1);
		assertThat(generation.pid()).isEqualTo(42);
	}

	@Test
	void rejectsGenerationZero() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerGeneration(0, Instant.now(), 1))
			.withMessageContaining("0");
	}

	@Test
	void rejectsNegativeGeneration() {
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerGeneration.startingNow(-5))
			.withMessageContaining("-5");
	}

	@Test
	void uptimeIsTheTimeSinceTheStart() {
		Instant started = Instant.now().minus(Duration.ofMinutes(5));
		WorkerGeneration generation = new WorkerGeneration(2, started, 1);
		Duration uptime = generation.uptime();
		assertThat(uptime).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
		assertThat(uptime).isLessThan(Duration.ofMinutes(6));
	}

	@Test
	void uptimeGrowsWhileTheGenerationRuns() throws InterruptedException {
		WorkerGeneration generation = WorkerGeneration.startingNow(1);
		Duration first = generation.uptime();
		Thread.sleep(20);
		assertThat(generation.uptime()).isGreaterThan(first).isGreaterThanOrEqualTo(Duration.ofMillis(20));
	}

	@Test
	void uptimeOfAGenerationStartingInTheFutureIsZero() {
		WorkerGeneration generation = new WorkerGeneration(1, Instant.now().plus(Duration.ofHours(1)), 1);
		assertThat(generation.uptime()).isEqualTo(Duration.ZERO);
	}

	@Test
	void olderGenerationIsOld() {
		assertThat(WorkerGeneration.startingNow(2).isOldGeneration(3)).isTrue();
		assertThat(WorkerGeneration.startingNow(1).isOldGeneration(10)).isTrue();
	}

	@Test
	void currentGenerationIsNotOld() {
		assertThat(WorkerGeneration.startingNow(3).isOldGeneration(3)).isFalse();
	}

	@Test
	void newerGenerationIsNotOld() {
		assertThat(WorkerGeneration.startingNow(4).isOldGeneration(3)).isFalse();
	}

}
