package dev.hotreload.process;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.counter.DurableCounters;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.reload.ReloadStatus.SupervisorStatus;

/**
 * The JVM the user started, in process mode: it holds the listening socket, never runs the
 * application itself, and runs each generation in a worker JVM. Reloads go through one
 * {@link ReloadQueue}, like reloads in one JVM; {@link WorkerReloads} runs them. A worker
 * that dies on its own is replaced ({@link Replacements}). {@link SupervisorLaunch} starts it.
 */
public final class Supervisor {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final ReloadSettings settings;

	private final SupervisorStatus identity = new SupervisorStatus(ProcessHandle.current().pid(), Instant.now());

	private final LiveWorkers workers = new LiveWorkers();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "hotreload-supervisor-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Path directory;

	private final WorkerReloads reloads;

	private final ReloadQueue queue;

	private final StandardInputSocket socket;

	private final ControlServer control;

	private volatile @Nullable WorkerProcess serving;

	private volatile boolean shuttingDown;

	private final SingletonRelay singletons = new SingletonRelay((handOver) -> {
		queue().statistics().singletonsHandedOver(handOver);
		publish();
	});

	// Outlive every worker: each reports its increments here (CounterRelay).
	private final DurableCounters counters = new DurableCounters();

	private final WorkerRollbacks rollbacks = new WorkerRollbacks(this, this.timer);

	private final Replacements replacements = new Replacements(this.timer, () -> requestReload(new ReloadRequest(
			ReloadKind.PROCESS, ReloadTrigger.REPLACEMENT, "the supervisor, replacing a worker that died")));

	Supervisor(ReloadSettings settings, StandardInputSocket socket, WorkerCommand command, Path directory)
			throws IOException {
		this.settings = settings;
		this.socket = socket;
		this.directory = directory;
		this.reloads = new WorkerReloads(this, command, settings);
		this.queue = new ReloadQueue(1, this.reloads);
		this.control = ControlServer.start(directory.resolve("control.sock"),
				(connection) -> new WorkerSession(this, connection).start());
	}

	/**
	 * The application jar workers start from.
	 * @return the jar, or {@code null} if workers start from a class path
	 */
	public @Nullable Path applicationJar() {
		return this.reloads.command().jar();
	}

	/**
	 * Waits until the supervisor has shut down.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void awaitShutdown() throws InterruptedException {
		this.stopped.await();
	}

	/**
	 * Requests a reload, or joins the one waiting to start.
	 * @param request what to start (by default, a new worker) and what asked for it
	 * @return the outcome of the reload this request started or joined, completed once
	 * every worker's status shows it (so a status read after the answer agrees with it)
	 */
	public CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
		return this.queue.request(request.orKind(ReloadKind.PROCESS)).whenComplete((result, failure) -> publish());
	}

	SingletonRelay singletons() {
		return this.singletons;
	}

	ReloadQueue queue() {
		return this.queue;
	}

	boolean isShuttingDown() {
		return this.shuttingDown;
	}

	Path directory() {
		return this.directory;
	}

	Path controlPath() {
		return this.control.path();
	}

	long pid() {
		return this.identity.pid();
	}

	@Nullable WorkerProcess serving() {
		return this.serving;
	}

	@Nullable WorkerProcess worker(int startedFor, long pid) {
		return this.workers.find(startedFor, pid);
	}

	void added(WorkerProcess worker) {
		this.workers.add(worker);
		worker.exited().thenAccept((code) -> exited(worker, code));
		publish();
	}

	/**
	 * Makes a ready worker the one that serves; the one that served retires, or stands by
	 * if the new one asks for a rollback window.
	 * @param switched the reload's result, {@code null} when a rollback serves a worker again
	 * @return the worker that served before, if any
	 */
	synchronized @Nullable WorkerProcess serve(WorkerProcess worker, @Nullable ReloadResult switched) {
		WorkerProcess previous = this.serving;
		// Started at a lower priority beside the serving worker, it serves at the supervisor's.
		this.reloads.command().priority().restore(worker.pid());
		worker.send(ControlMessage.of("SERVE"));
		worker.state(GenerationState.ACTIVE);
		this.serving = worker;
		// Before the previous worker is told: its answer (singletons stopped) may come at once.
		this.singletons.served(worker, previous);
		if (previous != null) {
			// The view first: a worker that retires or stands by hands its connections to the
			// one it names as serving, from the moment it reads RETIRE or STANDBY.
			publish();
			if (switched == null || !this.rollbacks.switched(previous, worker, switched)) {
				retire(previous, worker.generation());
			}
		}
		publish();
		return previous;
	}

	/**
	 * Serves the worker that stood by again, in place of the one rolled back.
	 * @return {@code false} if the supervisor shuts down or another worker serves by now
	 */
	synchronized boolean serveAgain(WorkerProcess previous, WorkerProcess rolledBack) {
		if (this.shuttingDown || this.serving != rolledBack) {
			return false;
		}
		serve(previous, null);
		return true;
	}

	void retire(WorkerProcess worker, int current) {
		worker.retire(current, this.settings.drainTimeout().plus(shutdownGrace()), this.timer);
	}

	WorkerRollbacks rollbacks() {
		return this.rollbacks;
	}

	private void exited(WorkerProcess worker, int code) {
		this.workers.remove(worker);
		this.singletons.exited(worker);
		PrivateDirectory.delete(worker.directory());
		this.reloads.workerExited(worker, code);
		boolean rollingBack = this.rollbacks.exited(worker, code);
		boolean unexpected = worker.state() == GenerationState.ACTIVE && !this.shuttingDown && !rollingBack;
		if (worker.state() == GenerationState.DRAINING) {
			logger.info(worker + " retired and exited with code " + code);
		}
		else if (unexpected) {
			died(worker, code);
		}
		publish();
	}

	/**
	 * A serving worker died: a replacement starts.
	 */
	void died(WorkerProcess worker, int code) {
		synchronized (this) {
			if (this.serving == worker) {
				this.serving = null;
			}
		}
		this.replacements.died(worker, code);
	}

	/**
	 * Called when a reload has ended: if no worker serves (the one that served died and
	 * this replacement failed too), try again, later each time.
	 */
	synchronized void reloadEnded() {
		if (this.serving == null && !this.shuttingDown) {
			this.replacements.failed();
		}
	}

	/**
	 * Tells every connected worker where things stand.
	 */
	synchronized void publish() {
		this.workers.sendToConnected(view().toMessage());
	}

	DurableCounters counters() {
		return this.counters;
	}

	SupervisorView view() {
		// After a rollback the worker serving again has an older generation than the queue's.
		WorkerProcess current = this.serving;
		return new SupervisorView(this.identity,
				(current != null) ? current.generation() : this.queue.currentGeneration(), this.queue.reloadRequested(),
				this.queue.reloadInProgress(), this.workers.statuses(),
				this.queue.lastReload(), this.queue.statistics().figures(), this.counters.snapshot(),
				this.rollbacks.status());
	}

	Duration shutdownGrace() {
		// A worker's own shutdown: its drain, then Spring Boot's graceful shutdown phase.
		return this.settings.drainTimeout().plusSeconds(35);
	}

	/**
	 * Stops the workers gracefully (SIGTERM: each finishes its requests in flight), then
	 * closes the socket. Bounded: a worker that outlasts its grace period is killed. Calls
	 * after the first do nothing.
	 */
	public void shutdown() {
		synchronized (this) {
			if (this.shuttingDown) {
				return;
			}
			this.shuttingDown = true;
		}
		this.rollbacks.end("the supervisor shuts down");
		this.queue.shutdown();
		logger.info("Supervisor shutting down: stopping " + this.workers.size() + " worker(s)");
		this.workers.stopAll(shutdownGrace());
		this.timer.shutdownNow();
		this.reloads.command().close();
		try {
			this.control.close();
			this.socket.close();
		}
		catch (IOException ex) {
			logger.warn("Closing the supervisor's sockets failed", ex);
		}
		PrivateDirectory.delete(this.directory);
		logger.info("Supervisor stopped; the listening socket is closed");
		this.stopped.countDown();
	}

	WorkerReloads reloads() {
		return this.reloads;
	}

	PrintStream output() {
		return System.out;
	}

}
