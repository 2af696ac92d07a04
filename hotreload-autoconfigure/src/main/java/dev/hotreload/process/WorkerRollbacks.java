package dev.hotreload.process;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadStatus.RollbackWindowStatus;
import dev.hotreload.rollback.RollbackSettings;
import dev.hotreload.rollback.Rollbacks;

/**
 * Rollback windows in process mode. If the new worker's configuration sets
 * {@code hotreload.rollback.window}, the worker switched away from stands by instead of
 * retiring, and the new one watches itself ({@link WorkerWindow}). On its trouble (or its
 * exit) the standing-by worker serves again and the bad one retires; once the window
 * passes, or a reload or shutdown ends it, or the standing-by worker exits, the new one
 * serves on. The window's state lives here alone, the judgement of trouble in the watched
 * worker alone. At most one window runs. Lock order: the supervisor's, then this one's.
 */
final class WorkerRollbacks {

	private static final Log logger = LogFactory.getLog(WorkerRollbacks.class);

	private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(10);

	private final Supervisor supervisor;

	private final ScheduledExecutorService timer;

	private @Nullable Window window;

	/** The window being rolled back, once claimed: it waits for the previous worker to resume. */
	private volatile @Nullable Window rolling;

	WorkerRollbacks(Supervisor supervisor, ScheduledExecutorService timer) {
		this.supervisor = supervisor;
		this.timer = timer;
	}

	/**
	 * Called under the supervisor's lock as traffic switches: opens a window if the new
	 * worker asks for one.
	 * @param previous the worker switched from
	 * @param next the worker switched to
	 * @param switched the reload's result
	 * @return whether the previous worker stands by; if not, the caller retires it
	 */
	boolean switched(WorkerProcess previous, WorkerProcess next, ReloadResult switched) {
		RollbackSettings settings = next.rollbackSettings();
		if (!settings.hasWindow() || !previous.isAlive()) {
			return false;
		}
		Instant until = Instant.now().plus(settings.window());
		synchronized (this) {
			end("a newer worker serves");
			Window opened = new Window(next, previous, switched, until, new CompletableFuture<>());
			opened.end = this.timer.schedule(() -> passed(opened), settings.window().toMillis(), TimeUnit.MILLISECONDS);
			this.window = opened;
		}
		previous.state(GenerationState.STANDBY);
		previous.send(ControlMessage.of(WorkerWindow.STANDBY).with("current", next.generation()));
		next.send(ControlMessage.of(WorkerWindow.WATCH));
		logger.info(previous + " stands by until " + until + " while " + next + " is watched (health group "
				+ settings.group() + ", error ratio " + settings.errorRatio() + " over at least "
				+ settings.minimumResponses() + " responses)");
		return true;
	}

	/**
	 * The watched worker reports trouble: roll back to the one standing by.
	 * @param worker the worker that reports
	 * @param reason what is wrong
	 */
	void trouble(WorkerProcess worker, String reason) {
		Window troubled = claim(worker, true);
		if (troubled != null) {
			WorkerLink.thread("hotreload-rollback-" + worker.generation(), () -> rollBack(troubled, reason));
		}
	}

	/**
	 * The standing-by worker serves again.
	 * @param worker the worker that says so
	 */
	void resumed(WorkerProcess worker) {
		Window current = this.rolling;
		if (current != null && current.previous == worker) {
			current.resumed.complete(null);
		}
	}

	/**
	 * A worker exited: if it was watched, roll back; if it stood by, the window ends.
	 * @param worker the worker
	 * @param code its exit code
	 * @return whether the exit is handled here: the watched worker is being rolled back
	 */
	boolean exited(WorkerProcess worker, int code) {
		Window rolled = this.rolling;
		if (rolled != null && rolled.previous == worker) {
			rolled.resumed.completeExceptionally(new IllegalStateException(worker + " exited with code " + code));
		}
		Window watched = claim(worker, true);
		if (watched != null) {
			WorkerLink.thread("hotreload-rollback-" + worker.generation(),
					() -> rollBack(watched, worker + " exited with code " + code));
			return true;
		}
		Window standingBy = claim(worker, false);
		if (standingBy != null) {
			logger.warn(worker + ", standing by for a rollback, exited with code " + code + "; the rollback window of "
					+ standingBy.watched + " ends and it serves on");
			standingBy.watched.send(ControlMessage.of(WorkerWindow.UNWATCH));
		}
		return false;
	}

	/**
	 * Ends the window that runs, if any: the serving worker is kept and the one standing
	 * by retires. A reload does this before it starts, a shutdown as it begins.
	 * @param why why the window ends, for the log
	 */
	void end(String why) {
		Window ending;
		synchronized (this) {
			ending = this.window;
			if (ending == null) {
				return;
			}
			this.window = null;
			ending.end.cancel(false);
		}
		logger.info("Rollback window of " + ending.watched + " ends early (" + why + "); " + ending.previous
				+ " retires");
		closeWindow(ending);
	}

	/**
	 * The window that runs.
	 * @return its status, {@code null} if none runs
	 */
	synchronized @Nullable RollbackWindowStatus status() {
		Window open = this.window;
		return (open != null)
				? new RollbackWindowStatus(open.watched.generation(), open.previous.generation(), open.until) : null;
	}

	private void passed(Window passed) {
		synchronized (this) {
			if (this.window != passed) {
				return;
			}
			this.window = null;
		}
		logger.info("Rollback window of " + passed.watched + " passed without trouble; " + passed.previous
				+ " retires");
		closeWindow(passed);
		this.supervisor.publish();
	}

	private void closeWindow(Window closed) {
		closed.watched.send(ControlMessage.of(WorkerWindow.UNWATCH));
		if (!this.supervisor.isShuttingDown()) {
			this.supervisor.retire(closed.previous, closed.watched.generation());
		}
	}

	private synchronized @Nullable Window claim(WorkerProcess worker, boolean watched) {
		Window open = this.window;
		if (open == null || (watched ? open.watched : open.previous) != worker) {
			return null;
		}
		this.window = null;
		open.end.cancel(false);
		if (watched) {
			this.rolling = open;
		}
		return open;
	}

	private void rollBack(Window troubled, String reason) {
		WorkerProcess bad = troubled.watched;
		WorkerProcess previous = troubled.previous;
		long begin = System.nanoTime();
		try {
			// It accepts again before the bad one stops: the queue is never without a taker.
			previous.send(ControlMessage.of(WorkerWindow.RESUME));
			troubled.resumed.get(RESUME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.error("Could not roll back " + bad + " (" + reason + "): " + previous + " did not serve again ("
					+ ((ex instanceof TimeoutException) ? "no answer within " + RESUME_TIMEOUT : ex.getCause().getMessage())
					+ "); " + bad + " serves on");
			this.supervisor.retire(previous, bad.generation());
			if (!bad.isAlive()) {
				this.supervisor.died(bad, bad.exited().join());
			}
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		finally {
			this.rolling = null;
		}
		if (!this.supervisor.serveAgain(previous, bad)) {
			boolean shuttingDown = this.supervisor.isShuttingDown();
			logger.info(bad + " was not rolled back (" + reason + "): "
					+ (shuttingDown ? "the supervisor shuts down" : "a newer worker serves") + "; " + previous
					+ " retires");
			if (!shuttingDown) {
				this.supervisor.retire(previous, this.supervisor.view().currentGeneration());
			}
			return;
		}
		long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
		this.supervisor.queue().rolledBack(Rollbacks.rolledBack(troubled.switched, reason));
		this.supervisor.publish();
		logger.warn("Rolled back generation " + bad.generation() + " (worker " + bad.pid() + "): " + reason + "; "
				+ previous + " serves again (switched back in " + millis + " ms) and " + bad + " retires");
	}

	private static final class Window {

		final WorkerProcess watched;

		final WorkerProcess previous;

		final ReloadResult switched;

		final Instant until;

		final CompletableFuture<Void> resumed;

		ScheduledFuture<?> end;

		Window(WorkerProcess watched, WorkerProcess previous, ReloadResult switched, Instant until,
				CompletableFuture<Void> resumed) {
			this.watched = watched;
			this.previous = previous;
			this.switched = switched;
			this.until = until;
			this.resumed = resumed;
		}

	}

}
