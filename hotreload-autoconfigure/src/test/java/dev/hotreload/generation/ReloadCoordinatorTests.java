package dev.hotreload.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The reload book-keeping: its life cycle, numbers that are never reused, and that it stays
 * consistent when many threads drive it at once.
 */
class ReloadCoordinatorTests {

	private static final int THREADS = 8;

	private static final int ITERATIONS = 2000;

	private static final int READERS = 2;

	@Test
	void startsAtGenerationOneWithNothingGoingOn() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
		assertThat(coordinator.reloadRequested()).isFalse();
		assertThat(coordinator.reloadInProgress()).isFalse();
		assertThat(coordinator.generationInProgress()).isZero();
	}

	@Test
	void startsAtTheGivenGeneration() {
		ReloadCoordinator coordinator = new ReloadCoordinator(7);
		assertThat(coordinator.currentGeneration()).isEqualTo(7);
		assertThat(coordinator.startReload()).isEqualTo(8);
	}

	@Test
	void rejectsAnInitialGenerationBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReloadCoordinator(0));
		assertThatIllegalArgumentException().isThrownBy(() -> new ReloadCoordinator(-1));
	}

	@Test
	void requestReloadIsRememberedAndIdempotent() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.requestReload();
		coordinator.requestReload();
		assertThat(coordinator.reloadRequested()).isTrue();
		assertThat(coordinator.reloadInProgress()).isFalse();
		coordinator.startReload();
		assertThat(coordinator.reloadRequested()).isFalse();
	}

	@Test
	void startReloadHandsOutTheNextNumberAndMarksItInProgress() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.requestReload();
		int next = coordinator.startReload();
		assertThat(next).isEqualTo(2);
		assertThat(coordinator.reloadInProgress()).isTrue();
		assertThat(coordinator.generationInProgress()).isEqualTo(2);
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
		assertThat(coordinator.reloadRequested()).isFalse();
	}

	@Test
	void startReloadWithoutARequestStillStarts() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		assertThat(coordinator.startReload()).isEqualTo(2);
		assertThat(coordinator.reloadInProgress()).isTrue();
	}

	@Test
	void startReloadDuringAReloadFailsAndChangesNothing() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.startReload();
		coordinator.requestReload();
		assertThatIllegalStateException().isThrownBy(coordinator::startReload).withMessageContaining("2");
		assertThat(coordinator.generationInProgress()).isEqualTo(2);
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
		assertThat(coordinator.reloadRequested()).isTrue();
		assertThat(coordinator.finishReload()).isEqualTo(2);
		assertThat(coordinator.startReload()).isEqualTo(3);
	}

	@Test
	void finishReloadMakesTheNewGenerationCurrent() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		int next = coordinator.startReload();
		assertThat(coordinator.finishReload()).isEqualTo(next);
		assertThat(coordinator.currentGeneration()).isEqualTo(next);
		assertThat(coordinator.reloadInProgress()).isFalse();
		assertThat(coordinator.generationInProgress()).isZero();
	}

	@Test
	void finishReloadWithoutAReloadFails() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		assertThatIllegalStateException().isThrownBy(coordinator::finishReload);
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
	}

	@Test
	void finishReloadTwiceFails() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.startReload();
		coordinator.finishReload();
		assertThatIllegalStateException().isThrownBy(coordinator::finishReload);
		assertThat(coordinator.currentGeneration()).isEqualTo(2);
	}

	@Test
	void finishReloadAfterCancelFails() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.startReload();
		coordinator.cancelReload();
		assertThatIllegalStateException().isThrownBy(coordinator::finishReload);
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
	}

	@Test
	void cancelReloadKeepsTheCurrentGenerationAndNeverReusesTheNumber() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		assertThat(coordinator.startReload()).isEqualTo(2);
		coordinator.cancelReload();
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
		assertThat(coordinator.reloadInProgress()).isFalse();
		assertThat(coordinator.generationInProgress()).isZero();
		assertThat(coordinator.startReload()).isEqualTo(3);
		coordinator.cancelReload();
		assertThat(coordinator.startReload()).isEqualTo(4);
		assertThat(coordinator.finishReload()).isEqualTo(4);
		assertThat(coordinator.currentGeneration()).isEqualTo(4);
		assertThat(coordinator.startReload()).isEqualTo(5);
	}

	@Test
	void requestMadeDuringAReloadStaysPendingAfterCancel() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.requestReload();
		coordinator.startReload();
		coordinator.requestReload();
		coordinator.cancelReload();
		assertThat(coordinator.reloadRequested()).isTrue();
	}

	@Test
	void requestMadeDuringAReloadStaysPendingAfterFinish() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.startReload();
		coordinator.requestReload();
		coordinator.finishReload();
		assertThat(coordinator.reloadRequested()).isTrue();
	}

	@Test
	void cancelWithoutAReloadChangesNothing() {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		coordinator.cancelReload();
		assertThat(coordinator.currentGeneration()).isEqualTo(1);
		assertThat(coordinator.reloadInProgress()).isFalse();
		assertThat(coordinator.startReload()).isEqualTo(2);
	}

	@Test
	void concurrentReloadsIssueEveryNumberOnceAndInOrder() throws Exception {
		ReloadCoordinator coordinator = new ReloadCoordinator();
		Set<Integer> issued = ConcurrentHashMap.newKeySet();
		Set<Integer> finished = ConcurrentHashMap.newKeySet();
		Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
		AtomicInteger lastIssued = new AtomicInteger(1);
		AtomicInteger lastFinished = new AtomicInteger(1);
		AtomicInteger starts = new AtomicInteger();
		AtomicInteger refusals = new AtomicInteger();
		AtomicLong readerObservations = new AtomicLong();
		CountDownLatch startGate = new CountDownLatch(1);
		CountDownLatch workersDone = new CountDownLatch(THREADS);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS + READERS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				futures.add(executor.submit(() -> {
					try {
						startGate.await();
						int lastSeenCurrent = coordinator.currentGeneration();
						for (int i = 0; i < ITERATIONS; i++) {
							coordinator.requestReload();
							int current = coordinator.currentGeneration();
							assertThat(current).as("current generation moves forward only")
								.isGreaterThanOrEqualTo(lastSeenCurrent);
							lastSeenCurrent = current;
							int generation;
							try {
								generation = coordinator.startReload();
							}
							catch (IllegalStateException ex) {
								refusals.incrementAndGet();
								Thread.yield();
								continue;
							}
							starts.incrementAndGet();
							// Only this thread can end the reload, so nobody else can issue a
							// number before it is recorded here.
							assertThat(issued.add(generation)).as("generation %d issued twice", generation).isTrue();
							int previous = lastIssued.getAndSet(generation);
							assertThat(generation).as("issued right after %d", previous).isEqualTo(previous + 1);
							assertThat(coordinator.reloadInProgress()).isTrue();
							assertThat(coordinator.generationInProgress()).isEqualTo(generation);
							assertThat(coordinator.currentGeneration()).as("current while %d runs", generation)
								.isEqualTo(lastFinished.get());
							if ((i + generation) % 3 == 0) {
								coordinator.cancelReload();
								cancelled.add(generation);
							}
							else {
								// Recorded before the finish: the next reload can start only after it.
								assertThat(lastFinished.getAndSet(generation)).isLessThan(generation);
								finished.add(generation);
								assertThat(coordinator.finishReload()).isEqualTo(generation);
							}
						}
					}
					finally {
						workersDone.countDown();
					}
					return null;
				}));
			}
			for (int r = 0; r < READERS; r++) {
				futures.add(executor.submit(() -> {
					startGate.await();
					int lastSeenCurrent = 1;
					while (workersDone.getCount() > 0) {
						int current = coordinator.currentGeneration();
						int inProgress = coordinator.generationInProgress();
						coordinator.reloadRequested();
						assertThat(current).as("current generation moves forward only")
							.isGreaterThanOrEqualTo(lastSeenCurrent);
						// A reload in progress always runs a generation newer than the one
						// current when it was read, since the current one only grows.
						assertThat(inProgress).satisfiesAnyOf((value) -> assertThat(value).isZero(),
								(value) -> assertThat(value).isGreaterThan(current));
						lastSeenCurrent = current;
						readerObservations.incrementAndGet();
					}
					return null;
				}));
			}
			startGate.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		int issuedCount = starts.get();
		assertThat(issuedCount + refusals.get()).isEqualTo(THREADS * ITERATIONS);
		assertThat(issuedCount).isPositive();
		assertThat(readerObservations.get()).isPositive();
		assertThat(issued).hasSize(issuedCount);
		assertThat(issued).as("every number from 2 on, none lost")
			.isEqualTo(IntStream.rangeClosed(2, issuedCount + 1).boxed().collect(Collectors.toSet()));
		assertThat(finished.size() + cancelled.size()).isEqualTo(issuedCount);
		assertThat(finished).doesNotContainAnyElementsOf(cancelled);
		assertThat(finished).isNotEmpty();
		assertThat(coordinator.currentGeneration()).isEqualTo(lastFinished.get())
			.isEqualTo(finished.stream().mapToInt(Integer::intValue).max().getAsInt());
		assertThat(coordinator.reloadInProgress()).isFalse();
		assertThat(coordinator.generationInProgress()).isZero();
		assertThat(coordinator.startReload()).isEqualTo(issuedCount + 2);
	}

}
