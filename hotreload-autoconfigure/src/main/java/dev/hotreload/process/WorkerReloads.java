package dev.hotreload.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadQueue.Executor;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadSettings;

/**
 * Runs the supervisor's reloads: a process reload starts a worker JVM and switches to it
 * once it is ready; a context reload asks the serving worker to reload in its own JVM.
 * A worker that fails, crashes or is late is stopped and the serving one keeps serving.
 */
final class WorkerReloads implements Executor {

	private static final Log logger = LogFactory.getLog(WorkerReloads.class);

	/** Environment variables that make a JVM a worker of this supervisor. */
	static final String CONTROL_SOCKET = "HOTRELOAD_CONTROL_SOCKET";

	static final String GENERATION = "HOTRELOAD_WORKER_GENERATION";

	static final String SUPERVISOR_PID = "HOTRELOAD_SUPERVISOR_PID";

	private final Supervisor supervisor;

	private final WorkerCommand command;

	private final ReloadSettings settings;

	private final Map<Integer, ContextReload> contextReloads = new ConcurrentHashMap<>();

	WorkerReloads(Supervisor supervisor, WorkerCommand command, ReloadSettings settings) {
		this.supervisor = supervisor;
		this.command = command;
		this.settings = settings;
	}

	@Override
	public void start(Attempt attempt, Runnable task) {
		Thread thread = new Thread(() -> GenerationMdc.run(attempt.generation(), () -> {
			task.run();
			// The reload has ended: every worker's status shows it.
			this.supervisor.publish();
			this.supervisor.reloadEnded();
		}), "hotreload-reload-" + attempt.generation());
		thread.setDaemon(true);
		thread.start();
	}

	WorkerCommand command() {
		return this.command;
	}

	@Override
	public ReloadResult reload(Attempt attempt) {
		this.supervisor.rollbacks().end("generation " + attempt.generation() + " starts");
		this.supervisor.publish();
		return (attempt.kind() == ReloadKind.CONTEXT) ? reloadContext(attempt) : startWorker(attempt);
	}

	/**
	 * Starts a worker for the attempt's generation and switches to it once it is ready.
	 * @param attempt the reload
	 * @return how it ended
	 */
	ReloadResult startWorker(Attempt attempt) {
		int generation = attempt.generation();
		WorkerProcess worker;
		boolean besideServing = this.supervisor.serving() != null;
		try {
			Path directory = this.supervisor.directory().resolve("generation-" + generation);
			worker = WorkerProcess.start(generation, this.command.commandLine(directory, besideServing),
					Map.of(CONTROL_SOCKET, this.supervisor.controlPath().toString(), GENERATION,
							Integer.toString(generation), SUPERVISOR_PID, Long.toString(this.supervisor.pid())),
					directory, this.supervisor.output());
		}
		catch (IOException ex) {
			return failed(attempt, ReloadOutcome.FAILURE, "Could not start a worker for generation " + generation
					+ ": " + ex.getMessage());
		}
		logger.info("Started " + worker + " from " + this.command.describe()
				+ ((besideServing && this.command.priority().isLowered()) ? ", at a lower CPU priority until it serves"
						: ""));
		this.supervisor.added(worker);
		ReloadResult result = awaitReady(attempt, worker, besideServing && this.command.priority().isLowered());
		if (result != null) {
			worker.state(GenerationState.FAILED);
			abandon(worker);
			return result;
		}
		WorkerProcess previous;
		ReloadResult switched;
		synchronized (this.supervisor) {
			if (this.supervisor.isShuttingDown()) {
				abandon(worker);
				return failed(attempt, ReloadOutcome.REJECTED,
						"The supervisor began shutting down while generation " + generation + " started");
			}
			this.supervisor.queue().switched(attempt);
			switched = ReloadResult.switched(attempt, Duration.ofMillis(worker.ready().join()));
			previous = this.supervisor.serve(worker, switched);
		}
		logger.info("Switched to " + worker + " in " + switched.durationMillis() + " ms"
				+ ((previous != null) ? "; " + previous + ((previous.state() == GenerationState.STANDBY)
						? " stands by" : " drains and exits") : ""));
		this.command.serving(worker.directory(), worker.toString());
		return switched;
	}

	/**
	 * Waits until the worker is ready: within the reload timeout beside a serving worker,
	 * and for as long as it takes when none serves.
	 * @param lowered whether it starts at a lower priority: if it is not ready by half the
	 * reload timeout (a machine busy to its last core starves it), it gets the normal one, so
	 * that it still starts in time
	 * @return {@code null} once it is, or why it did not get there
	 */
	private ReloadResult awaitReady(Attempt attempt, WorkerProcess worker, boolean lowered) {
		Instant deadline = attempt.startedAt().plus(this.settings.reloadTimeout());
		Instant lowUntil = attempt.startedAt().plus(this.settings.reloadTimeout().dividedBy(2));
		CompletableFuture<Object> ended = CompletableFuture.anyOf(worker.ready(), worker.exited());
		try {
			if (lowered) {
				try {
					ended.get(Math.max(remainingMillis(lowUntil), 1), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					this.command.priority().restore(worker.pid());
					logger.info(worker + " is not ready after half the reload timeout at its lower CPU priority:"
							+ " it starts on at the normal one");
				}
			}
			try {
				ended.get(Math.max(remainingMillis(deadline), 1), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (this.supervisor.serving() != null) {
					throw ex;
				}
				// No worker serves (the first one, or a replacement): stopping this one would
				// leave the waiting connections to nobody, so it is given until it is ready or
				// exits (a start that hangs is for systemd's TimeoutStartSec or a start probe).
				logger.warn(worker + " is not ready within " + this.settings.reloadTimeout()
						+ "; no worker serves, so it is waited for until it is ready or exits");
				ended.get();
			}
		}
		catch (TimeoutException ex) {
			return failed(attempt, ReloadOutcome.TIMEOUT, worker + " was not ready within "
					+ this.settings.reloadTimeout() + "; its last lines:\n" + worker.tail());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(attempt, ReloadOutcome.FAILURE, "Interrupted while " + worker + " started");
		}
		catch (ExecutionException ex) {
			return failed(attempt, ReloadOutcome.FAILURE, worker + " failed: " + ex.getCause());
		}
		if (worker.ready().isDone()) {
			// Ready is not healthy: a worker whose health group is down is not switched to,
			// unless no worker serves (the first one, a replacement), as in one JVM.
			String unhealthy = worker.unhealthy();
			return (unhealthy != null && this.supervisor.serving() != null)
					? failed(attempt, ReloadOutcome.FAILURE, unhealthy) : null;
		}
		return failed(attempt, ReloadOutcome.FAILURE, worker + " exited with code " + worker.exited().join()
				+ " before it was ready; its last lines:\n" + worker.tail());
	}

	private static long remainingMillis(Instant deadline) {
		return Duration.between(Instant.now(), deadline).toMillis();
	}

	private void abandon(WorkerProcess worker) {
		Thread stopper = new Thread(() -> worker.stop(Duration.ofSeconds(10)), "hotreload-stop-" + worker.pid());
		stopper.setDaemon(true);
		stopper.start();
	}

	private ReloadResult reloadContext(Attempt attempt) {
		WorkerProcess worker = this.supervisor.serving();
		if (worker == null) {
			return failed(attempt, ReloadOutcome.FAILURE, "No worker serves, so none can reload its context");
		}
		CompletableFuture<ReloadResult> result = new CompletableFuture<>();
		this.contextReloads.put(attempt.generation(), new ContextReload(worker, result));
		logger.info("Asking " + worker + " to start generation " + attempt.generation() + " in its JVM");
		worker.send(ControlMessage.of("CONTEXT_RELOAD")
			.with("generation", attempt.generation())
			.with("trigger", attempt.trigger())
			.with("startedAt", attempt.startedAt()));
		try {
			ReloadResult ended = result.get(this.settings.reloadTimeout().plusSeconds(10).toMillis(),
					TimeUnit.MILLISECONDS);
			if (ended.succeeded()) {
				worker.generation(attempt.generation());
			}
			return ended;
		}
		catch (TimeoutException ex) {
			return failed(attempt, ReloadOutcome.TIMEOUT, worker + " did not answer the context reload in time");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(attempt, ReloadOutcome.FAILURE, "Interrupted");
		}
		catch (ExecutionException ex) {
			return failed(attempt, ReloadOutcome.FAILURE, String.valueOf(ex.getCause().getMessage()));
		}
		finally {
			this.contextReloads.remove(attempt.generation());
		}
	}

	void contextReloadEnded(ReloadResult result) {
		ContextReload pending = this.contextReloads.get(result.generation());
		if (pending != null) {
			pending.result().complete(result);
		}
	}

	void workerExited(WorkerProcess worker, int code) {
		this.contextReloads.values()
			.stream()
			.filter((pending) -> pending.worker() == worker)
			.forEach((pending) -> pending.result()
				.completeExceptionally(new IllegalStateException(
						worker + " exited with code " + code + " during the context reload")));
	}

	private record ContextReload(WorkerProcess worker, CompletableFuture<ReloadResult> result) {
	}

	private static ReloadResult failed(Attempt attempt, ReloadOutcome outcome, String error) {
		return ReloadResult.of(attempt, outcome, error);
	}

}
