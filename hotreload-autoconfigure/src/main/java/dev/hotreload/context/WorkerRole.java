package dev.hotreload.context;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadService;

/**
 * What the application does as a worker process: serve the listening socket it inherited
 * and, when its supervisor says so, serve its first generation, stand by for a rollback and
 * serve again, stop serving when a newer worker serves, and retire; its keep-alive
 * connections cross to other workers ({@link WorkerConnections}). In context mode nothing
 * calls it. It changes the application's state under the application's lock, as the
 * application's own switches do.
 */
public final class WorkerRole {

	private static final Log logger = LogFactory.getLog(WorkerRole.class);

	private final ReloadableApplication application;

	private final SharedListeners listeners;

	private final LiveGenerations generations;

	private final ServingGeneration serving;

	private final ApplicationStatus status;

	private final ReloadQueue queue;

	private final WorkerConnections connections;

	private volatile @Nullable ReloadService service;

	private volatile int retiredFor;

	private final WorkerStandBy standBy;

	private final List<Consumer<Boolean>> servingListeners = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<?>> retirementHolds = new CopyOnWriteArrayList<>();

	WorkerRole(ReloadableApplication application, SharedListeners listeners, LiveGenerations generations,
			ServingGeneration serving, ApplicationStatus status, ReloadQueue queue) {
		this.application = application;
		this.listeners = listeners;
		this.generations = generations;
		this.serving = serving;
		this.status = status;
		this.queue = queue;
		this.standBy = new WorkerStandBy(application, listeners, serving);
		this.connections = new WorkerConnections(listeners, this::isAwayFromServing, application::isShuttingDown);
	}

	/**
	 * Runs the application as a worker process: it serves a listening socket it inherited
	 * instead of binding one, holds the first generation back until {@link #serveFirst()}
	 * and reports drains elsewhere.
	 * @param inherited the inherited listener
	 * @param report where drains are reported
	 * @param service reloading as the worker's endpoint and metrics see it
	 */
	public void run(SharedListener inherited, DrainReport report, ReloadService service) {
		this.listeners.useInherited(inherited);
		this.serving.holdFirst();
		this.status.reportDrainsTo(report);
		this.service = service;
	}

	/**
	 * Reloading as the worker's endpoint and metrics see it, once {@link #run} was called.
	 */
	@Nullable ReloadService service() {
		return this.service;
	}

	/**
	 * Makes the first generation serve, if nothing serves yet: the supervisor says so.
	 */
	public void serveFirst() {
		this.serving.serveFirst();
	}

	/**
	 * Keep-alive connections that cross worker processes.
	 * @return where they go and come from
	 */
	public WorkerConnections connections() {
		return this.connections;
	}

	/**
	 * Whether this worker process retires: a newer worker, in another process, serves.
	 * @return {@code true} once {@link #stopServing} was called
	 */
	public boolean isRetiring() {
		return this.retiredFor > 0;
	}

	/** Retiring, or standing by for a rollback: another worker serves. */
	private boolean isAwayFromServing() {
		return this.retiredFor > 0 || this.standBy.isStandingBy();
	}

	/**
	 * The generation a newer worker serves, once this one retires.
	 * @return it, or 0
	 */
	int retiredFor() {
		return this.retiredFor;
	}

	/**
	 * Calls a listener whenever this worker process stops serving (it retires or stands by
	 * for a rollback: another worker serves) and when it serves again after standing by.
	 * Called on the thread that reads the supervisor's messages, before the reload that
	 * switched is answered: keep it short.
	 * @param listener takes {@code false} when the worker stops serving, {@code true} when
	 * it serves again
	 */
	public void onServingChanged(Consumer<Boolean> listener) {
		this.servingListeners.add(listener);
	}

	/**
	 * Holds this worker process's retirement (its singleton work, drain and exit) until
	 * something it started has ended, such as a fleet rollout it coordinates. The holder
	 * bounds it.
	 * @param until completes when the retirement may go on
	 */
	public void holdRetirement(CompletableFuture<?> until) {
		this.retirementHolds.add(until);
	}

	/**
	 * Waits for what holds the retirement, each for at most the given time.
	 * @param atMost the longest wait for one hold
	 */
	public void awaitRetirementHolds(Duration atMost) {
		for (CompletableFuture<?> hold : this.retirementHolds) {
			try {
				hold.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.warn("Retiring without waiting longer for " + hold + ": " + ex);
			}
		}
	}

	private void servingChanged(boolean serving) {
		for (Consumer<Boolean> listener : this.servingListeners) {
			try {
				listener.accept(serving);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener failed when this worker " + (serving ? "serves again" : "stopped serving"), ex);
			}
		}
	}

	/**
	 * The first step of this worker process's retirement, taken as soon as it is told that
	 * a newer worker serves and before it answers the reload that switched: it stops
	 * accepting (every later connection reaches the newer worker), starts handing its
	 * keep-alive connections to the newer worker between requests (drain mode
	 * {@code migrate}, plain connections) or else ends keep-alive (every response committed
	 * from now on closes its connection), the reload's own answer included either way, and
	 * sends GOAWAY on its HTTP/2 connections if its going-away policy says so at drain start
	 * (with {@code after-grace} the drain sends it once the grace has passed). Later calls do
	 * nothing.
	 * @param newerGeneration the generation that serves now, in another process
	 */
	public void stopServing(int newerGeneration) {
		List<Generation> retiring;
		synchronized (this.application) {
			if (this.retiredFor > 0) {
				return;
			}
			this.retiredFor = newerGeneration;
			retiring = this.generations.all();
			retiring.forEach((generation) -> generation.state(GenerationState.DRAINING));
		}
		logger.info("Retiring: generation " + newerGeneration + " serves in another process; no longer accepting on "
				+ this.listeners.closeAll());
		boolean migrate = this.application.currentSettings().drainMode() == DrainMode.MIGRATE;
		for (Generation generation : retiring) {
			boolean goAwayNow = Duration.ZERO.equals(generation.settings().goingAway().delay());
			for (GenerationConnector connector : generation.connectors()) {
				if (!migrate || !connector.startMigrating()) {
					connector.stopKeepAlive();
				}
				if (goAwayNow) {
					connector.goAwayHttp2();
				}
			}
		}
		servingChanged(false);
	}

	/**
	 * Retires this worker process: a newer worker serves. Stops serving
	 * ({@link #stopServing}, if not done yet), then every generation drains as an old
	 * generation does after a switch and closes; returns when all are closed.
	 * @param newerGeneration the generation that serves now, in another process
	 */
	public void retire(int newerGeneration) {
		stopServing(newerGeneration);
		// Rejects reloads from now on, and answers those that wait.
		this.queue.shutdown();
		for (Generation generation : this.generations.all()) {
			this.generations.closeRetired(generation, this.status.drainReport());
		}
	}

	/**
	 * Stands this worker process by for a rollback: a newer worker serves and is watched
	 * ({@link WorkerStandBy} says what that does to its listener, connections and
	 * generation).
	 */
	public void standBy() {
		this.standBy.begin();
		servingChanged(false);
	}

	/**
	 * Serves again after {@link #standBy()}: the worker that took over was rolled back.
	 */
	public void resumeServing() {
		this.standBy.end();
		// The worker it handed connections to retires: a later hand-off goes elsewhere.
		this.connections.servingAgain();
		servingChanged(true);
	}

}
