package dev.hotreload.drain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Waiting for workers to drain ends when all are drained, at the timeout, or when told to
 * give up, and never earlier than it should.
 */
class DrainerTests {

	private static final Duration LONG_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration GENEROUS = Duration.ofSeconds(5);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(10);

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void noWorkersAreDrained() throws InterruptedException {
		long start = System.nanoTime();
		assertThat(Drainer.waitForWorkersToDrain(List.of(), LONG_TIMEOUT, CHECK_INTERVAL)).isTrue();
		assertThat(elapsedSince(start)).isLessThan(GENEROUS);
	}

	@Test
	void workersAlreadyDrainedReturnTrueAtOnce() throws InterruptedException {
		CountingDrainable first = new CountingDrainable(0);
		CountingDrainable second = new CountingDrainable(0);
		long start = System.nanoTime();
		assertThat(Drainer.waitForWorkersToDrain(List.of(first, second), LONG_TIMEOUT, Duration.ofSeconds(20)))
			.isTrue();
		assertThat(elapsedSince(start)).isLessThan(GENEROUS);
		assertThat(first.checks()).isEqualTo(1);
		assertThat(second.checks()).isEqualTo(1);
	}

	@Test
	void workerThatDrainsLaterReturnsTrueOnceDrained() throws InterruptedException {
		Duration drainAfter = Duration.ofMillis(200);
		long start = System.nanoTime();
		Drainable drainsLater = () -> System.nanoTime() - start >= drainAfter.toNanos();
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> true, drainsLater), LONG_TIMEOUT, CHECK_INTERVAL))
			.isTrue();
		assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(drainAfter).isLessThan(GENEROUS);
	}

	@Test
	void workerDrainedAfterSomeChecksIsCheckedAgain() throws InterruptedException {
		CountingDrainable worker = new CountingDrainable(3);
		long start = System.nanoTime();
		assertThat(Drainer.waitForWorkersToDrain(List.of(worker), LONG_TIMEOUT, CHECK_INTERVAL)).isTrue();
		assertThat(worker.checks()).isEqualTo(4);
		assertThat(elapsedSince(start)).isLessThan(GENEROUS);
	}

	@Test
	void workerNeverDrainedReturnsFalseAfterTheTimeout() throws InterruptedException {
		Duration timeout = Duration.ofMillis(300);
		CountingDrainable never = new CountingDrainable(Integer.MAX_VALUE);
		long start = System.nanoTime();
		List<Drainable> workers = List.of(() -> true, never);
		assertThat(Drainer.waitForWorkersToDrain(workers, timeout, CHECK_INTERVAL)).isFalse();
		assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(timeout).isLessThan(GENEROUS);
		assertThat(never.checks()).isGreaterThan(1);
	}

	@Test
	void checkIntervalLongerThanTheTimeoutStillEndsAtTheTimeout() throws InterruptedException {
		Duration timeout = Duration.ofMillis(200);
		long start = System.nanoTime();
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> false), timeout, Duration.ofMinutes(1))).isFalse();
		assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(timeout).isLessThan(GENEROUS);
	}

	@Test
	void zeroTimeoutChecksOnce() throws InterruptedException {
		CountingDrainable never = new CountingDrainable(Integer.MAX_VALUE);
		assertThat(Drainer.waitForWorkersToDrain(List.of(never), Duration.ZERO, CHECK_INTERVAL)).isFalse();
		assertThat(never.checks()).isEqualTo(1);
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> true), Duration.ZERO, CHECK_INTERVAL)).isTrue();
	}

	@Test
	void giveUpEndsTheWaitEarly() throws InterruptedException {
		long start = System.nanoTime();
		Duration giveUpAfter = Duration.ofMillis(100);
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> false), LONG_TIMEOUT, CHECK_INTERVAL,
				() -> System.nanoTime() - start >= giveUpAfter.toNanos()))
			.isFalse();
		assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(giveUpAfter).isLessThan(GENEROUS);
	}

	@Test
	void giveUpAtOnceReturnsFalseWithoutWaiting() throws InterruptedException {
		AtomicInteger giveUpChecks = new AtomicInteger();
		long start = System.nanoTime();
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> false), LONG_TIMEOUT, Duration.ofSeconds(20), () -> {
			giveUpChecks.incrementAndGet();
			return true;
		})).isFalse();
		assertThat(elapsedSince(start)).isLessThan(GENEROUS);
		assertThat(giveUpChecks).hasValue(1);
	}

	@Test
	void drainedWorkersWinOverGivingUp() throws InterruptedException {
		assertThat(Drainer.waitForWorkersToDrain(List.of(() -> true), LONG_TIMEOUT, CHECK_INTERVAL, () -> true))
			.isTrue();
	}

	@Test
	void giveUpThatNeverAnswersTrueWaitsForTheDrain() throws InterruptedException {
		CountingDrainable worker = new CountingDrainable(2);
		assertThat(Drainer.waitForWorkersToDrain(List.of(worker), LONG_TIMEOUT, CHECK_INTERVAL, () -> false))
			.isTrue();
		assertThat(worker.checks()).isEqualTo(3);
	}

	@Test
	void rejectsZeroCheckInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Drainer.waitForWorkersToDrain(List.of(), LONG_TIMEOUT, Duration.ZERO));
	}

	@Test
	void rejectsNegativeCheckInterval() {
		Duration negative = Duration.ofMillis(-1);
		assertThatIllegalArgumentException().isThrownBy(
				() -> Drainer.waitForWorkersToDrain(List.of(() -> true), LONG_TIMEOUT, negative, () -> false));
	}

	@Test
	void subMillisecondCheckIntervalStillWaits() throws InterruptedException {
		Duration drainAfter = Duration.ofMillis(50);
		long start = System.nanoTime();
		Drainable drainsLater = () -> System.nanoTime() - start >= drainAfter.toNanos();
		assertThat(Drainer.waitForWorkersToDrain(List.of(drainsLater), LONG_TIMEOUT, Duration.ofNanos(1000)))
			.isTrue();
		assertThat(elapsedSince(start)).isGreaterThanOrEqualTo(drainAfter).isLessThan(GENEROUS);
	}

	@Test
	void interruptedWaitThrows() {
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> Drainer.waitForWorkersToDrain(List.of(() -> false), LONG_TIMEOUT, CHECK_INTERVAL));
	}

	private static Duration elapsedSince(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * Drained from the given check on, counting how often it was asked.
	 */
	private static final class CountingDrainable implements Drainable {

		private final int busyChecks;

		private final AtomicInteger checks = new AtomicInteger();

		CountingDrainable(int busyChecks) {
			this.busyChecks = busyChecks;
		}

		@Override
		public boolean isDrained() {
			return this.checks.incrementAndGet() > this.busyChecks;
		}

		int checks() {
			return this.checks.get();
		}

	}

}
