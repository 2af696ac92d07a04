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

	/** How often a standing-by worker hands over the keep-alive connections idle by then. */
	private static final Duration STANDBY_SWEEP_INTERVAL = Duration.ofMillis(50);

	/** Counts the times this worker stood by: a grace timed for one is not another's. */
	private int standBys;

	private volatile boolean standingBy;

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
		return this.retiredFor > 0 || this.standingBy;
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
	 * Stands this worker process by for a rollback: a newer worker serves and is watched.
	 * It stops accepting (the socket stays open for the others), its keep-alive connections
	 * leave as in a retirement (drain mode {@code migrate}: handed, still open, to the
	 * serving worker between requests, as long as it stands by; otherwise they end after
	 * their next response), and its generation stays open. Its HTTP/2 connections get GOAWAY
	 * as its going-away policy says from a retirement's start: at once, once the grace has
	 * passed if it still stands by then, or not while it stands by.
	 */
	public void standBy() {
		Generation standingBy;
		int standBy;
		synchronized (this.application) {
			this.listeners.pauseAll(true);
			this.standingBy = true;
			standBy = ++this.standBys;
			standingBy = this.serving.current();
			if (standingBy != null) {
				standingBy.state(GenerationState.STANDBY);
			}
		}
		if (standingBy != null) {
			// Outside the lock, as in a retirement: the first hand-off connects to the serving worker.
			boolean migrate = this.application.currentSettings().drainMode() == DrainMode.MIGRATE;
			boolean migrating = false;
			for (GenerationConnector connector : standingBy.connectors()) {
				if (migrate && connector.startMigrating()) {
					migrating = true;
				}
				else {
					connector.stopKeepAlive();
				}
			}
			synchronized (this.application) {
				if (standingBy.state() == GenerationState.ACTIVE) {
					// Rolled back to meanwhile: it serves again.
					standingBy.connectors().forEach(GenerationConnector::resumeServing);
					migrating = false;
				}
			}
			goAwayWhileStandingBy(standingBy, standBy);
			if (migrating) {
				sweepWhileStandingBy(standingBy, standBy);
			}
		}
		servingChanged(false);
	}

	/**
	 * Hands over, every sweep interval while this stand-by lasts, the connections idle by
	 * then (as a drain does): those busy at one sweep move once their response has ended.
	 */
	private void sweepWhileStandingBy(Generation standingBy, int standBy) {
		this.application.startThread("hotreload-standby-migration", standingBy.number(), () -> {
			try {
				while (isStandingBy(standingBy, standBy)) {
					standingBy.connectors().forEach(GenerationConnector::migrateIdleConnections);
					Thread.sleep(STANDBY_SWEEP_INTERVAL.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private boolean isStandingBy(Generation standingBy, int standBy) {
		synchronized (this.application) {
			return this.standBys == standBy && this.standingBy && standingBy.state() == GenerationState.STANDBY;
		}
	}

	private void goAwayWhileStandingBy(Generation standingBy, int standBy) {
		Duration delay = standingBy.settings().goingAway().delay();
		if (Duration.ZERO.equals(delay)) {
			standingBy.connectors().forEach(GenerationConnector::goAwayHttp2);
		}
		else if (delay != null) {
			this.application.startThread("hotreload-standby-going-away", standingBy.number(), () -> {
				try {
					Thread.sleep(delay.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				synchronized (this.application) {
					if (isStandingBy(standingBy, standBy)) {
						standingBy.connectors().forEach(GenerationConnector::goAwayHttp2);
					}
				}
			});
		}
	}

	/**
	 * Serves again after {@link #standBy()}: the worker that took over was rolled back.
	 */
	public void resumeServing() {
		synchronized (this.application) {
			Generation serving = this.serving.current();
			if (serving != null) {
				serving.connectors().forEach(GenerationConnector::resumeServing);
				serving.state(GenerationState.ACTIVE);
			}
			this.standingBy = false;
			this.listeners.pauseAll(false);
		}
		// The worker it handed connections to retires: a later hand-off goes elsewhere.
		this.connections.servingAgain();
		servingChanged(true);
	}

}
