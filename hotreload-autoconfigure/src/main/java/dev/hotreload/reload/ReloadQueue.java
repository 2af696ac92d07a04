package dev.hotreload.reload;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.ReloadCoordinator;

/**
 * The one place reloads are coordinated, whatever kind of generation they start: at most
 * one reload runs and at most one waits; requests made while a reload waits join it, and
 * every caller gets the outcome of the reload it joined. Generation numbers come from one
 * {@link ReloadCoordinator}, so they are never reused. What a reload does is the
 * {@link Executor}'s business.
 */
public final class ReloadQueue {

	private static final Log logger = LogFactory.getLog(ReloadQueue.class);

	private final ReloadCoordinator coordinator;

	private final Executor executor;

	private final ReloadStatistics statistics = new ReloadStatistics();

	private @Nullable Waiting waiting;

	private @Nullable Waiting running;

	private volatile @Nullable ReloadResult lastReload;

	private boolean shuttingDown;

	/**
	 * Creates a queue whose generations start at a number.
	 * @param firstGeneration the generation serving now
	 * @param executor runs each reload on a thread of its own
	 */
	public ReloadQueue(int firstGeneration, Executor executor) {
		this.coordinator = new ReloadCoordinator(firstGeneration);
		this.executor = executor;
	}

	/**
	 * Requests a reload, or joins the one waiting to start. A joined reload that was to
	 * start a context starts a worker process instead if this request asks for one: a new
	 * worker reads the new configuration too.
	 * @param request what the reload should start, with a kind, and what asked for it
	 * @return the outcome of the reload this request started or joined
	 */
	public synchronized CompletableFuture<ReloadResult> request(ReloadRequest request) {
		ReloadKind kind = request.requiredKind();
		if (this.shuttingDown) {
			return CompletableFuture.completedFuture(rejected(request, "The application is shutting down"));
		}
		this.coordinator.requestReload();
		if (this.waiting != null) {
			this.statistics.reloadCoalesced(request.trigger());
			if (kind == ReloadKind.PROCESS) {
				this.waiting = new Waiting(this.waiting.result(), kind, this.waiting.trigger());
			}
			logger.info("Reload requested by " + request.cause() + "; joining the reload waiting to start");
			return this.waiting.result();
		}
		Waiting next = new Waiting(new CompletableFuture<>(), kind, request.trigger());
		this.waiting = next;
		if (this.coordinator.reloadInProgress()) {
			logger.info("Reload requested by " + request.cause() + " while generation "
					+ this.coordinator.generationInProgress() + " starts; it will run next");
		}
		else {
			logger.info("Reload requested by " + request.cause() + " (" + kind.name().toLowerCase(Locale.ROOT) + ")");
			startWaiting();
		}
		return next.result();
	}

	/**
	 * A result for a reload that was not started, counted as rejected.
	 * @param request what was asked for
	 * @param reason why it was not started
	 * @return the result
	 */
	public ReloadResult rejected(ReloadRequest request, String reason) {
		ReloadResult result = notStarted(request.kind(), request.trigger(), reason);
		this.statistics.reloadEnded(result);
		return result;
	}

	private ReloadResult notStarted(@Nullable ReloadKind kind, ReloadTrigger trigger, String reason) {
		return new ReloadResult(this.coordinator.currentGeneration(), (kind != null) ? kind : ReloadKind.CONTEXT,
				trigger, ReloadOutcome.REJECTED, Instant.now(), 0, null, reason);
	}

	private void startWaiting() {
		Waiting next = this.waiting;
		this.waiting = null;
		this.running = next;
		Attempt attempt = new Attempt(this.coordinator.startReload(), next.kind(), next.trigger(), Instant.now());
		this.executor.start(attempt, () -> {
			ReloadResult result;
			try {
				result = this.executor.reload(attempt);
			}
			catch (RuntimeException ex) {
				result = ReloadResult.of(attempt, ReloadOutcome.FAILURE, ex.toString());
			}
			ended(attempt, result);
			next.result().complete(result);
		});
	}

	private synchronized void ended(Attempt attempt, ReloadResult result) {
		this.lastReload = result;
		this.statistics.reloadEnded(result);
		this.running = null;
		if (this.coordinator.generationInProgress() == attempt.generation()) {
			if (result.succeeded()) {
				this.coordinator.finishReload();
			}
			else {
				this.coordinator.cancelReload();
			}
		}
		if (this.waiting != null && !this.shuttingDown) {
			startWaiting();
		}
	}

	/**
	 * Rejects the running and the waiting reload: their callers are answered now. Later
	 * requests are rejected too. Calls after the first do nothing.
	 * @return whether this call shut the queue down
	 */
	public boolean shutdown() {
		Waiting waitingReload;
		Waiting runningReload;
		synchronized (this) {
			if (this.shuttingDown) {
				return false;
			}
			this.shuttingDown = true;
			waitingReload = this.waiting;
			this.waiting = null;
			runningReload = this.running;
		}
		if (waitingReload != null) {
			ReloadResult result = notStarted(waitingReload.kind(), waitingReload.trigger(),
					"The application shut down before this reload started");
			this.statistics.reloadEnded(result);
			waitingReload.result().complete(result);
		}
		if (runningReload != null) {
			runningReload.result()
				.complete(notStarted(runningReload.kind(), runningReload.trigger(),
						"The application began shutting down during this reload"));
		}
		return true;
	}

	public synchronized boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * Makes a generation the current one as the switch to it happens, before the reload's
	 * executor returns: the old generation then sees that it is old.
	 * @param attempt the reload that switched
	 */
	public void switched(Attempt attempt) {
		synchronized (this) {
			if (this.coordinator.generationInProgress() == attempt.generation()) {
				this.coordinator.finishReload();
			}
		}
	}

	/**
	 * Replaces the last reload's result once its generation was rolled back, and counts the
	 * rollback: the reload itself was counted when it switched.
	 * @param result the reload's result, outcome {@link ReloadOutcome#ROLLED_BACK}
	 */
	public synchronized void rolledBack(ReloadResult result) {
		this.lastReload = result;
		this.statistics.reloadEnded(result);
	}

	public int currentGeneration() {
		return this.coordinator.currentGeneration();
	}

	public boolean reloadRequested() {
		return this.coordinator.reloadRequested();
	}

	public boolean reloadInProgress() {
		return this.coordinator.reloadInProgress();
	}

	public int generationInProgress() {
		return this.coordinator.generationInProgress();
	}

	public @Nullable ReloadResult lastReload() {
		return this.lastReload;
	}

	public ReloadStatistics statistics() {
		return this.statistics;
	}

	/**
	 * One reload being run.
	 *
	 * @param generation the number of the generation it starts
	 * @param kind what it starts
	 * @param trigger what asked for it
	 * @param startedAt when it started
	 */
	public record Attempt(int generation, ReloadKind kind, ReloadTrigger trigger, Instant startedAt) {
	}

	/**
	 * Runs reloads for a queue.
	 */
	public interface Executor {

		/**
		 * Starts a thread for a reload.
		 * @param attempt the reload
		 * @param task what the thread runs
		 */
		void start(Attempt attempt, Runnable task);

		/**
		 * Starts the attempt's generation and switches to it, or fails and leaves the
		 * current one serving. Called on the thread {@link #start} made.
		 * @param attempt the reload
		 * @return how it ended
		 */
		ReloadResult reload(Attempt attempt);

	}

	private record Waiting(CompletableFuture<ReloadResult> result, ReloadKind kind, ReloadTrigger trigger) {
	}

}
