package dev.hotreload.context;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.hotreload.counter.DurableCounters;
import dev.hotreload.generation.DetachedThreads;
import dev.hotreload.logging.GenerationMdc;
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

/**
 * A running application and all its generations in this JVM: it outlives every
 * generation's context. It owns the shared listeners, starts new generations, switches
 * traffic to them once they are ready and retires the old ones. Reloads are coordinated by
 * its {@link ReloadQueue}; in a worker process the supervisor coordinates them and calls
 * {@link #reload(Attempt)} itself.
 */
public final class ReloadableApplication implements ReloadService {

	private final @Nullable GenerationLauncher launcher;

	private final ReloadQueue queue;

	private final SharedListeners listeners = new SharedListeners();

	private final LiveGenerations generations;

	private final ClassLoader classLoader;

	private final ApplicationLifetime lifetime = new ApplicationLifetime(this::shutdown);

	private final ServingGeneration serving;

	private final ApplicationStatus status;

	private final ApplicationShutdown shutdown;

	private final SingletonHandOvers singletons;

	private final WorkerRole worker;

	private final ServerListeners serverListeners;

	private final ContextReloads reloads;

	private final DurableCounters counters = new DurableCounters();

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
		Generation first = new Generation(firstGeneration, settings);
		this.generations = new LiveGenerations(first, this.listeners, this::released);
		Rollbacks rollbacks = new Rollbacks(new RollbackSwitch(this, this.generations), this.queue);
		this.shutdown = new ApplicationShutdown(this, this.listeners, this.queue, rollbacks, this.lifetime);
		this.serving = new ServingGeneration(this, this::isShuttingDown, first, this.listeners, this.queue,
				rollbacks, this.lifetime);
		this.status = new ApplicationStatus(this.queue, this.generations, this.listeners, rollbacks);
		this.worker = new WorkerRole(this, this.listeners, this.generations, this.serving, this.status, this.queue);
		this.serverListeners = new ServerListeners(this, this::isShuttingDown, this.listeners,
				this.worker.connections(), this.lifetime);
		this.reloads = new ContextReloads(this, this.launcher, this.queue, this.generations, rollbacks,
				this.serving);
		this.singletons = new SingletonHandOvers(this.queue.statistics()::singletonsHandedOver);
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
		return this.serving.first();
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
		Generation serving = this.serving.current();
		return this.launcher != null && serving != null && !serving.connectors().isEmpty() && !isShuttingDown();
	}

	public boolean isShuttingDown() {
		return this.shutdown.hasBegun();
	}

	/**
	 * What this application does as a worker process: serve an inherited socket, and what
	 * its supervisor says.
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
		return this.serving.currentOrFirst().number();
	}

	/**
	 * The settings of the generation serving now.
	 * @return the current settings
	 */
	public ReloadSettings currentSettings() {
		return this.serving.currentOrFirst().settings();
	}

	@Override
	public Duration reloadTimeout() {
		return currentSettings().reloadTimeout();
	}

	/**
	 * Reloading as the endpoint and the metrics see it: this application, or in a worker
	 * process the supervisor's ({@link WorkerRole#run}).
	 * @return the service
	 */
	public ReloadService service() {
		ReloadService worker = this.worker.service();
		return (worker != null) ? worker : this;
	}

	/**
	 * What a generation's web servers ask of the shared listeners: the listener for an
	 * address, the hand-off for a connector ({@link GenerationServerCustomizer}).
	 */
	ServerListeners serverListeners() {
		return this.serverListeners;
	}

	/**
	 * Called when a generation's web servers have started. The first generation starts
	 * serving then, as a Spring Boot application without hotreload would (in a worker,
	 * when the supervisor says so: {@link WorkerRole#serveFirst()}); later ones wait until
	 * they are ready.
	 * @param generation the generation
	 */
	public void generationStarted(Generation generation) {
		this.serving.started(generation);
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

	@Override
	public CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
		return this.reloads.request(request);
	}

	/**
	 * Starts the attempt's generation in this JVM and switches to it, or leaves the
	 * current one serving. Called on a thread of the coordinator's.
	 * @param attempt the reload, numbered by the coordinator
	 * @return how it ended
	 */
	public ReloadResult reload(Attempt attempt) {
		return this.reloads.run(attempt);
	}

	/**
	 * Which generation serves new connections in this JVM, and the switches that change it.
	 * The rollback switch reaches it through the application: the rollbacks are made
	 * before it, which needs them.
	 */
	ServingGeneration serving() {
		return this.serving;
	}

	void startThread(String name, int generation, Runnable task) {
		// Not the caller's class loader: a request thread's belongs to a generation's
		// Tomcat, and a thread that inherits it keeps that generation alive.
		DetachedThreads.start(name, this.classLoader, () -> GenerationMdc.run(generation, task));
	}

	/**
	 * What this application reports of itself in this JVM: the parts of its status, its
	 * generations' warnings, where its drains are reported.
	 * @return its status parts
	 */
	public ApplicationStatus localStatus() {
		return this.status;
	}

	/**
	 * Counters that outlive every generation and, in process mode, every worker.
	 * @return the counters
	 */
	public DurableCounters counters() {
		return this.counters;
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
	 * Stops accepting connections and rejects reloads that wait ({@link ApplicationShutdown}).
	 * Called when the serving generation's context closes and on JVM shutdown; calls after
	 * the first do nothing.
	 */
	public void shutdown() {
		this.shutdown.run();
	}

	/**
	 * Shuts down and closes every live generation, the serving one last.
	 */
	public void close() {
		shutdown();
		this.generations.closeAll(this.serving.current());
	}

	@Override
	public synchronized ReloadStatus status() {
		return this.status.status(isSupported(), currentGeneration());
	}

}
