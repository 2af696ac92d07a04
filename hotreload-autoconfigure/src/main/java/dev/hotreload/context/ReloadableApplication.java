package dev.hotreload.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.generation.DetachedThreads;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadMode;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.rollback.Rollbacks;
import dev.hotreload.singleton.SingletonHandOvers;
import dev.hotreload.warning.GenerationWarnings;

/**
 * A running application and all its generations in this JVM: it outlives every
 * generation's context. It owns the shared listeners, starts new generations, switches
 * traffic to them once they are ready and retires the old ones. Reloads are coordinated by
 * its {@link ReloadQueue}; in a worker process the supervisor coordinates them and calls
 * {@link #reload(Attempt)} itself.
 */
public final class ReloadableApplication implements ReloadService {

	private static final Log logger = LogFactory.getLog(ReloadableApplication.class);

	private final @Nullable GenerationLauncher launcher;

	private final ReloadQueue queue;

	private final SharedListeners listeners = new SharedListeners();

	private final GenerationWarnings warnings = new GenerationWarnings();

	private final LiveGenerations generations;

	private final Generation first;

	private final ClassLoader classLoader;

	private final ApplicationLifetime lifetime = new ApplicationLifetime(this::shutdown);

	private volatile @Nullable Generation current;

	private volatile boolean shuttingDown;

	private volatile boolean holdFirstGeneration;

	private volatile DrainReport drainReport;

	private volatile ReloadService service = this;

	private final Rollbacks rollbacks;

	private final SingletonHandOvers singletons;

	private final WorkerRole worker;

	private final WorkerConnections workerConnections;

	/**
	 * Creates the application around its first generation, number 1.
	 * @param launch how the application was started, {@code null} if it was not started by
	 * {@code SpringApplication} (it then cannot reload)
	 * @param settings the first generation's settings
	 */
	public ReloadableApplication(@Nullable ApplicationLaunch launch, ReloadSettings settings) {
		this(launch, settings, 1);
	}

	/**
	 * Creates the application around its first generation.
	 * @param launch how the application was started, {@code null} if it was not started by
	 * {@code SpringApplication} (it then cannot reload)
	 * @param settings the first generation's settings
	 * @param firstGeneration the first generation's number: 1, or what a supervisor gave
	 * this worker
	 */
	public ReloadableApplication(@Nullable ApplicationLaunch launch, ReloadSettings settings, int firstGeneration) {
		this.launcher = (launch != null) ? new GenerationLauncher(launch) : null;
		this.classLoader = (launch != null) ? launch.classLoader() : ReloadableApplication.class.getClassLoader();
		this.queue = new ReloadQueue(firstGeneration, new ContextReloadExecutor(this));
		this.first = new Generation(firstGeneration, settings);
		this.generations = new LiveGenerations(this.first, this.listeners, this::released);
		this.worker = new WorkerRole(this, this.listeners, this.generations);
		this.workerConnections = new WorkerConnections(this.listeners, this.worker::isRetiring, this::isShuttingDown);
		ReloadStatistics statistics = this.queue.statistics();
		this.drainReport = new DrainReport(statistics::drained, statistics::drainForced, statistics::drainEnded);
		this.rollbacks = new Rollbacks(new RollbackSwitch(this), this.queue);
		this.singletons = new SingletonHandOvers(statistics::singletonsHandedOver);
	}

	/**
	 * Changes how later generations start: the default runs the captured application
	 * again; development mode runs new code.
	 * @param start how generations start from now on
	 */
	public void startGenerationsWith(GenerationStart start) {
		if (this.launcher != null) {
			this.launcher.use(start);
		}
	}

	private void released(Generation generation) {
		if (this.launcher != null) {
			this.launcher.start().released(generation);
		}
	}

	public Generation firstGeneration() {
		return this.first;
	}

	public SingletonHandOvers singletons() {
		return this.singletons;
	}

	/**
	 * Whether this application can reload: it was started by {@code SpringApplication}
	 * and its web server serves a shared listener.
	 * @return {@code true} if supported
	 */
	public boolean isSupported() {
		Generation serving = this.current;
		return this.launcher != null && serving != null && !serving.connectors().isEmpty() && !this.shuttingDown;
	}

	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * What this application does as a worker process when its supervisor says so.
	 * @return its worker role
	 */
	public WorkerRole worker() {
		return this.worker;
	}

	/**
	 * The generation serving new connections; in a retiring worker, the newer worker's.
	 */
	@Override
	public int currentGeneration() {
		// After a rollback the newer worker is the one that retires: the serving one's is older.
		int retiredFor = this.worker.retiredFor();
		if (retiredFor > 0) {
			return retiredFor;
		}
		Generation serving = this.current;
		return (serving != null) ? serving.number() : this.first.number();
	}

	/**
	 * The settings of the generation serving now.
	 * @return the current settings
	 */
	public ReloadSettings currentSettings() {
		Generation serving = this.current;
		return (serving != null) ? serving.settings() : this.first.settings();
	}

	@Override
	public Duration reloadTimeout() {
		return currentSettings().reloadTimeout();
	}

	/**
	 * Serves a listening socket this process inherited instead of binding one, holds the
	 * first generation back until {@link #serveFirstGeneration()} and reports drains
	 * elsewhere: how a worker process runs the application.
	 * @param inherited the inherited listener
	 * @param report where drains are reported
	 * @param worker reloading as the worker's endpoint and metrics see it
	 */
	public void runAsWorker(SharedListener inherited, DrainReport report, ReloadService worker) {
		this.listeners.useInherited(inherited);
		this.holdFirstGeneration = true;
		this.drainReport = report;
		this.service = worker;
	}

	/**
	 * Reloading as the endpoint and the metrics see it: this application, or in a worker
	 * process the supervisor's.
	 * @return the service
	 */
	public ReloadService service() {
		return this.service;
	}

	/**
	 * The shared listener for a server and its address, bound on first use and reused by
	 * every later generation that asks for the same (port 0 included).
	 * @param name the server asking: {@code server}, or {@code management} on its own port
	 * @param requested the address as configured
	 * @param settings the asking generation's settings
	 * @return the listener
	 * @throws IOException if the address cannot be bound
	 */
	public synchronized SharedListener listenerFor(String name, InetSocketAddress requested,
			ReloadSettings settings) throws IOException {
		if (this.shuttingDown) {
			throw new IllegalStateException("The application is shutting down");
		}
		SharedListener listener = this.listeners.obtain(name, requested, settings);
		this.lifetime.registerShutdownHook();
		return listener;
	}

	/**
	 * Where a connector of a shared listener hands its keep-alive connections when its
	 * generation drains by migration: whichever connector serves that listener by then, or
	 * in a retiring worker the serving worker ({@link WorkerConnections}).
	 * @param listener the shared listener
	 * @return the hand-off
	 */
	public ConnectionHandOff handOffFor(SharedListener listener) {
		return this.workerConnections.handOffFor(new SharedListenerHandOff(this.listeners, listener,
				this::isShuttingDown));
	}

	/**
	 * Keep-alive connections that cross worker processes, in a worker.
	 * @return where they go and come from
	 */
	public WorkerConnections workerConnections() {
		return this.workerConnections;
	}

	/**
	 * Called when a generation's web servers have started. The first generation starts
	 * serving then, as a Spring Boot application without hotreload would (in a worker,
	 * when the supervisor says so); later ones wait until they are ready.
	 * @param generation the generation
	 */
	public synchronized void generationStarted(Generation generation) {
		if (generation == this.first && !this.holdFirstGeneration) {
			serveFirstGeneration();
		}
	}

	/**
	 * Makes the first generation serve, if nothing serves yet.
	 */
	public synchronized void serveFirstGeneration() {
		if (this.current == null && !this.shuttingDown && this.first.state() == GenerationState.STARTING) {
			activate(this.first);
			logger.info("Generation " + this.first.number() + " serves");
			this.lifetime.serving();
		}
	}

	/**
	 * Starts something that lives as long as the application (a trigger) once the first
	 * generation serves, and stops it when the application shuts down.
	 * @param start starts it; run at once if the first generation serves already
	 * @param stop stops it
	 */
	public void runWhileServing(Runnable start, Runnable stop) {
		this.lifetime.whileServing(start, stop);
	}

	private void activate(Generation generation) {
		Generation previous = this.current;
		this.listeners.switchTo(generation);
		generation.state(GenerationState.ACTIVE);
		this.current = generation;
		if (previous != null) {
			previous.state(GenerationState.DRAINING);
		}
	}

	@Override
	public CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
		if (request.kind() == ReloadKind.PROCESS) {
			return CompletableFuture.completedFuture(this.queue.rejected(request,
					"A process reload needs hotreload.mode=process; this application runs in context mode"));
		}
		ReloadRequest context = request.orKind(ReloadKind.CONTEXT);
		if (this.launcher == null && !this.shuttingDown) {
			return CompletableFuture.completedFuture(this.queue.rejected(context,
					"The application was not started by SpringApplication.run, so it cannot be started again"));
		}
		return this.queue.request(context);
	}

	/**
	 * Starts the attempt's generation in this JVM and switches to it, or leaves the
	 * current one serving. Called on a thread of the coordinator's.
	 * @param attempt the reload, numbered by the coordinator
	 * @return how it ended
	 */
	public ReloadResult reload(Attempt attempt) {
		if (this.launcher == null || this.shuttingDown) {
			return ReloadResult.of(attempt, ReloadOutcome.REJECTED, (this.launcher == null)
					? "Not started by SpringApplication.run" : "The application is shutting down");
		}
		this.rollbacks.end("generation " + attempt.generation() + " starts");
		Generation next = new Generation(attempt.generation(), currentSettings());
		this.generations.add(next);
		return new ContextReload(this, this.launcher).run(attempt, next);
	}

	ReloadResult switchTo(Generation next, Attempt attempt, Duration startup) {
		Generation previous;
		synchronized (this) {
			if (this.shuttingDown) {
				return ReloadResult.of(attempt, ReloadOutcome.REJECTED,
						"The application began shutting down while generation " + next.number() + " started");
			}
			previous = this.current;
			activate(next);
			this.queue.switched(attempt);
		}
		ReloadResult result = ReloadResult.switched(attempt, startup);
		logger.info("Switched to generation " + next.number() + " in " + result.durationMillis() + " ms"
				+ ((previous != null) ? "; generation " + previous.number() + " retires" : ""));
		if (previous != null) {
			this.rollbacks.switched(previous, next, result);
		}
		return result;
	}

	synchronized boolean switchBack(Generation from, Generation to) {
		if (this.shuttingDown || this.current != from) {
			return false;
		}
		activate(to);
		return true;
	}

	/**
	 * Drains a generation that no longer serves and closes it; returns when it is closed.
	 * @param retired the generation
	 */
	void closeRetired(Generation retired) {
		this.generations.closeRetired(retired, this.drainReport);
	}

	/**
	 * The generation serving new connections in this JVM.
	 * @return it, {@code null} before the first serves
	 */
	@Nullable Generation serving() {
		return this.current;
	}

	/**
	 * Rejects reloads from now on, and answers those that wait: this worker process retires.
	 */
	void stopReloading() {
		this.queue.shutdown();
	}

	void startThread(String name, int generation, Runnable task) {
		// Not the caller's class loader: a request thread's belongs to a generation's
		// Tomcat, and a thread that inherits it keeps that generation alive.
		DetachedThreads.start(name, this.classLoader, () -> GenerationMdc.run(generation, task));
	}

	/**
	 * Where drains are reported: connections closed by force, how connections left.
	 * @return the report
	 */
	public DrainReport drainReport() {
		return this.drainReport;
	}

	@Override
	public ReloadStatistics statistics() {
		return this.queue.statistics();
	}

	/**
	 * The live generations, oldest first.
	 * @return the generations
	 */
	public List<Generation> generations() {
		return this.generations.all();
	}

	/**
	 * Calls a listener now and whenever a generation is added or removed.
	 * @param listener the listener
	 * @return what removes the listener; call it when the listener's owner closes, or it
	 * stays reachable for as long as the application runs
	 */
	public Runnable onGenerationsChanged(Runnable listener) {
		return this.generations.onChanged(listener);
	}

	/**
	 * Gives up a generation that did not start in time or failed.
	 */
	void abandon(Generation next, CompletableFuture<ConfigurableApplicationContext> started) {
		this.generations.abandon(next, started);
	}

	/**
	 * Stops accepting connections and rejects reloads that wait; the generations then shut
	 * down gracefully as their contexts close. Called when the serving generation's
	 * context closes and on JVM shutdown; calls after the first do nothing.
	 */
	public void shutdown() {
		synchronized (this) {
			if (this.shuttingDown) {
				return;
			}
			this.shuttingDown = true;
		}
		logger.info("Shutting down: no longer accepting connections on " + this.listeners.closeAll());
		this.rollbacks.end("the application shuts down");
		// Answer the callers now: their requests are in flight on a generation that shuts
		// down gracefully, and it waits for them.
		this.queue.shutdown();
		this.lifetime.ended();
	}

	/**
	 * Shuts down and closes every live generation, the serving one last.
	 */
	public void close() {
		shutdown();
		this.generations.closeAll(this.current);
	}

	@Override
	public synchronized ReloadStatus status() {
		return new ReloadStatus(isSupported(), ReloadMode.CONTEXT, currentGeneration(), this.queue.reloadRequested(),
				this.queue.reloadInProgress(), generationStatuses(), this.queue.lastReload(), this.listeners.status(),
				null, List.of(), this.queue.statistics().lastDrain(), this.rollbacks.status(),
				this.queue.statistics().lastSingletonHandOver());
	}

	/**
	 * What the live generations of this JVM were warned about as they started.
	 * @return the warnings
	 */
	public GenerationWarnings warnings() {
		return this.warnings;
	}

	/**
	 * The live generations of this JVM as the status shows them.
	 * @return their status, oldest first
	 */
	public List<ReloadStatus.GenerationStatus> generationStatuses() {
		return this.generations.statuses();
	}

	/**
	 * The listening sockets as the status shows them.
	 * @return their status
	 */
	public List<ReloadStatus.ListenerStatus> listenerStatuses() {
		return this.listeners.status();
	}

}
