package dev.hotreload.drain;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hotreload.generation.WorkerGeneration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only generations older than the current one drain, and only when the drain timeout is
 * positive.
 */
class DrainPolicyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void olderGenerationWithATimeoutDrains() {
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(2), 3, TIMEOUT)).isTrue();
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(1), 9, Duration.ofMillis(1))).isTrue();
	}

	@Test
	void currentGenerationDoesNotDrain() {
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(3), 3, TIMEOUT)).isFalse();
	}

	@Test
	void newerGenerationDoesNotDrain() {
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(4), 3, TIMEOUT)).isFalse();
	}

	@Test
	void zeroTimeoutClosesOldGenerationsInsteadOfDraining() {
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(2), 3, Duration.ZERO)).isFalse();
	}

	@Test
	void negativeTimeoutDoesNotDrain() {
		assertThat(DrainPolicy.shouldDrainWorker(WorkerGeneration.startingNow(2), 3, Duration.ofSeconds(-1)))
			.isFalse();
	}

	@Test
	void generationRolledBackFromDrainsThoughItIsNewer() {
		assertThat(DrainPolicy.shouldDrainRetired(WorkerGeneration.startingNow(4), 3, TIMEOUT)).isTrue();
		assertThat(DrainPolicy.shouldDrainRetired(WorkerGeneration.startingNow(2), 3, TIMEOUT)).isTrue();
	}

	@Test
	void servingGenerationNeverDrainsAsRetired() {
		assertThat(DrainPolicy.shouldDrainRetired(WorkerGeneration.startingNow(3), 3, TIMEOUT)).isFalse();
		assertThat(DrainPolicy.shouldDrainRetired(WorkerGeneration.startingNow(4), 3, Duration.ZERO)).isFalse();
	}

}
