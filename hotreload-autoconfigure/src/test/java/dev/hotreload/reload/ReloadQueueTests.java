package dev.hotreload.reload;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hotreload.reload.ReloadQueue.Attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one queue every kind of reload goes through: one runs, one waits, joiners share the
 * waiting one's outcome, a process request makes a waiting context reload start a worker.
 */
class ReloadQueueTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	private final ReloadQueue queue = new ReloadQueue(1, new ReloadQueue.Executor() {

		@Override
		public void start(Attempt attempt, Runnable task) {
			new Thread(task).start();
		}

		@Override
		public ReloadResult reload(Attempt attempt) {
			ReloadQueueTests.this.attempts.add(attempt);
			try {
				ReloadQueueTests.this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return ReloadResult.switched(attempt, Duration.ZERO);
		}

	});

	@Test
	void requestsWhileOneRunsJoinTheWaitingOneAndAProcessRequestUpgradesIt() throws Exception {
		CompletableFuture<ReloadResult> running = this.queue.request(request(ReloadKind.CONTEXT, ReloadTrigger.SIGNAL));
		CompletableFuture<ReloadResult> waiting = this.queue.request(request(ReloadKind.CONTEXT, ReloadTrigger.FILE));
		CompletableFuture<ReloadResult> joined = this.queue.request(request(ReloadKind.PROCESS, ReloadTrigger.ENDPOINT));
		assertThat(joined).isSameAs(waiting);
		this.release.countDown();
		ReloadResult first = running.get(10, TimeUnit.SECONDS);
		ReloadResult second = waiting.get(10, TimeUnit.SECONDS);
		assertThat(first.generation()).isEqualTo(2);
		assertThat(first.kind()).isEqualTo(ReloadKind.CONTEXT);
		assertThat(second.generation()).isEqualTo(3);
		assertThat(second.kind()).isEqualTo(ReloadKind.PROCESS);
		// A joined reload keeps what asked for it first; the joining request counts as coalesced.
		assertThat(first.trigger()).isEqualTo(ReloadTrigger.SIGNAL);
		assertThat(second.trigger()).isEqualTo(ReloadTrigger.FILE);
		assertThat(this.queue.statistics().count("success", ReloadTrigger.SIGNAL)).isEqualTo(1);
		assertThat(this.queue.statistics().count("success", ReloadTrigger.FILE)).isEqualTo(1);
		assertThat(this.queue.statistics().count("success", ReloadTrigger.ENDPOINT)).isZero();
		assertThat(this.queue.statistics().count(ReloadStatistics.COALESCED, ReloadTrigger.ENDPOINT)).isEqualTo(1);
		assertThat(this.attempts).extracting(Attempt::kind).containsExactly(ReloadKind.CONTEXT, ReloadKind.PROCESS);
		assertThat(this.queue.currentGeneration()).isEqualTo(3);
		assertThat(this.queue.statistics().reloads(ReloadOutcome.SUCCESS)).isEqualTo(2);
		assertThat(this.queue.statistics().coalescedRequests()).isEqualTo(1);
		assertThat(this.queue.lastReload()).isEqualTo(second);
	}

	@Test
	void shutdownAnswersTheRunningAndTheWaitingReloadAndRejectsLaterOnes() throws Exception {
		CompletableFuture<ReloadResult> running = this.queue.request(request(ReloadKind.PROCESS, ReloadTrigger.ENDPOINT));
		CompletableFuture<ReloadResult> waiting = this.queue.request(request(ReloadKind.PROCESS, ReloadTrigger.ENDPOINT));
		assertThat(this.queue.shutdown()).isTrue();
		assertThat(this.queue.shutdown()).isFalse();
		assertThat(running.get(1, TimeUnit.SECONDS).outcome()).isEqualTo(ReloadOutcome.REJECTED);
		assertThat(waiting.get(1, TimeUnit.SECONDS).error()).contains("shut down before this reload started");
		assertThat(this.queue.request(request(ReloadKind.CONTEXT, ReloadTrigger.FILE)).get(1, TimeUnit.SECONDS).outcome())
			.isEqualTo(ReloadOutcome.REJECTED);
		this.release.countDown();
		// Only the reload that was running when the queue shut down was ever started.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.attempts.size() == 1);
		Thread.sleep(200);
		assertThat(this.attempts).hasSize(1);
	}

	@Test
	void aRejectedResultNamesTheCurrentGeneration() {
		ReloadResult rejected = this.queue.rejected(ReloadRequest.hangup(), "why");
		assertThat(rejected.generation()).isEqualTo(1);
		assertThat(rejected.trigger()).isEqualTo(ReloadTrigger.SIGNAL);
		assertThat(this.queue.statistics().count("rejected", ReloadTrigger.SIGNAL)).isEqualTo(1);
		assertThat(rejected.startedAt()).isBeforeOrEqualTo(Instant.now());
		assertThat(rejected.error()).isEqualTo("why");
	}

	private static ReloadRequest request(ReloadKind kind, ReloadTrigger trigger) {
		return new ReloadRequest(kind, trigger, "a test");
	}

}
