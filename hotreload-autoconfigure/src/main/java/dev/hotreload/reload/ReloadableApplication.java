package dev.hotreload.reload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.generation.ReloadCoordinator;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.logging.LoggingCleanupGuard;

/**
 * A running application and all its generations: it outlives every generation's context.
 * It owns the shared listeners, starts new generations, switches traffic to them once
 * they are ready and retires the old ones.
 *
 * <p>At most one reload runs and at most one waits: requests made while a reload waits
 * join it, and every caller gets the outcome of the reload it joined.
 */
public final class ReloadableApplication {

	private static final Log logger = LogFactory.getLog(ReloadableApplication.class);

	private static final Duration READINESS_CHECK_INTERVAL = Duration.ofMillis(20);

	private final @Nullable GenerationLauncher launcher;

	private final ReloadCoordinator coordinator = new ReloadCoordinator();

	private final SharedListeners listeners = new SharedListeners();

	private final List<Generation> generations = new CopyOnWriteArrayList<>();

	private final Generation first;

	private final ClassLoader classLoader;

	private final Thread shutdownHook = new Thread(this::shutdown, "hotreload-shutdown");

	private boolean shutdownHookRegistered;

	private volatile @Nullable Generation current;

	private volatile @Nullable ReloadResult lastReload;

	private @Nullable CompletableFuture<ReloadResult> waiting;

	private @Nullable CompletableFuture<ReloadResult> running;

	private volatile boolean shuttingDown;

	private final ReloadStatistics statistics = new ReloadStatistics();

	private final List<Runnable> generationListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the application around its first generation.
	 * @param launch how the application was started, {@code null} if it was not started by
	 * {@code SpringApplication} (it then cannot reload)
	 * @param settings the first generation's settings
	 */
	public ReloadableApplication(@Nullable ApplicationLaunch launch, ReloadSettings settings) {
		this.launcher = (launch != null) ? new GenerationLauncher(launch) : null;
		this.classLoader = (launch != null) ? launch.classLoader() : ReloadableApplication.class.getClassLoader();
		this.first = new Generation(this.coordinator.currentGeneration(), settings);
		this.generations.add(this.first);
	}

	public Generation firstGeneration() {
		return this.first;
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

	public int currentGeneration() {
		return this.coordinator.currentGeneration();
	}

	/**
	 * The settings of the generation serving now.
	 * @return the current settings
	 */
	public ReloadSettings currentSettings() {
		Generation serving = this.current;
		return (serving != null) ? serving.settings() : this.first.settings();
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
		registerShutdownHook();
		return listener;
	}

	private void registerShutdownHook() {
		if (!this.shutdownHookRegistered) {
			// Stops accepting at once on SIGTERM, while Spring Boot closes the generations.
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
			this.shutdownHookRegistered = true;
		}
	}

	/**
	 * Called when a generation's web servers have started. The first generation starts
	 * serving then, as a Spring Boot application without hotreload would; later ones wait
	 * until they are ready.
	 * @param generation the generation
	 */
	public synchronized void generationStarted(Generation generation) {
		if (generation == this.first && this.current == null && !this.shuttingDown) {
			activate(generation);
			logger.info("Generation " + generation.number() + " serves");
		}
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

	/**
	 * Requests a reload, or joins the one waiting to start.
	 * @return the outcome of the reload this request started or joined
	 */
	public CompletableFuture<ReloadResult> requestReload() {
		synchronized (this) {
			if (this.shuttingDown) {
				return CompletableFuture.completedFuture(rejected("The application is shutting down"));
			}
			if (this.launcher == null) {
				return CompletableFuture.completedFuture(rejected(
						"The application was not started by SpringApplication.run, so it cannot be started again"));
			}
			this.coordinator.requestReload();
			if (this.waiting != null) {
				this.statistics.reloadCoalesced();
				logger.info("Reload requested; joining the reload waiting to start");
				return this.waiting;
			}
			CompletableFuture<ReloadResult> result = new CompletableFuture<>();
			this.waiting = result;
			if (this.coordinator.reloadInProgress()) {
				logger.info("Reload requested while generation " + this.coordinator.generationInProgress()
						+ " starts; it will run next");
			}
			else {
				logger.info("Reload requested");
				startWaitingReload();
			}
			return result;
		}
	}

	private ReloadResult rejected(String reason) {
		return new ReloadResult(this.coordinator.currentGeneration(), ReloadOutcome.REJECTED, Instant.now(), 0, null,
				reason);
	}

	private void startWaitingReload() {
		CompletableFuture<ReloadResult> result = this.waiting;
		this.waiting = null;
		this.running = result;
		int number = this.coordinator.startReload();
		Generation next = new Generation(number, currentSettings());
		addGeneration(next);
		startThread("hotreload-reload-" + number, number, () -> result.complete(reload(next)));
	}

	private ReloadResult reload(Generation next) {
		Instant startedAt = Instant.now();
		Duration timeout = currentSettings().reloadTimeout();
		logger.info("Reload started: starting generation " + next.number() + " while generation "
				+ this.coordinator.currentGeneration() + " serves");
		CompletableFuture<ConfigurableApplicationContext> started = this.launcher.launch(this, next);
		ReloadResult result;
		try {
			ConfigurableApplicationContext context = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			Duration startup = Duration.between(startedAt, Instant.now());
			awaitReadiness(context, startedAt.plus(timeout));
			logger.info("Generation " + next.number() + " is ready");
			result = switchTo(next, startedAt, startup);
		}
		catch (TimeoutException ex) {
			result = ReloadResult.of(next.number(), ReloadOutcome.TIMEOUT, startedAt,
					"Generation " + next.number() + " was not ready within " + timeout);
		}
		catch (ExecutionException ex) {
			result = ReloadResult.of(next.number(), ReloadOutcome.FAILURE, startedAt, describe(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result = ReloadResult.of(next.number(), ReloadOutcome.FAILURE, startedAt, "Interrupted");
		}
		catch (RuntimeException ex) {
			// Closed while starting (a JVM shutdown, say): whatever it was, N keeps serving.
			result = ReloadResult.of(next.number(), ReloadOutcome.FAILURE, startedAt, describe(ex));
		}
		if (!result.succeeded()) {
			abandon(next, started);
			logger.error("Reload failed (" + result.outcome() + "): generation " + next.number()
					+ " did not start and generation " + this.coordinator.currentGeneration() + " keeps serving: "
					+ result.error());
		}
		reloadEnded(result);
		return result;
	}

	private static void awaitReadiness(ConfigurableApplicationContext context, Instant deadline)
			throws TimeoutException, InterruptedException {
		if (!context.isActive()) {
			throw new IllegalStateException("The new generation's context was closed while it started");
		}
		ApplicationAvailability availability = context.getBeanProvider(ApplicationAvailability.class).getIfAvailable();
		while (availability != null && availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			if (Instant.now().isAfter(deadline)) {
				throw new TimeoutException();
			}
			Thread.sleep(READINESS_CHECK_INTERVAL.toMillis());
		}
	}

	private ReloadResult switchTo(Generation next, Instant startedAt, Duration startup) {
		Generation previous;
		synchronized (this) {
			if (this.shuttingDown) {
				return ReloadResult.of(next.number(), ReloadOutcome.REJECTED, startedAt,
						"The application began shutting down while generation " + next.number() + " started");
			}
			previous = this.current;
			activate(next);
			this.coordinator.finishReload();
		}
		ReloadResult result = ReloadResult.switched(next.number(), startedAt, startup);
		logger.info("Switched to generation " + next.number() + " in " + result.durationMillis() + " ms"
				+ ((previous != null) ? "; generation " + previous.number() + " drains" : ""));
		if (previous != null) {
			retire(previous);
		}
		return result;
	}

	private void abandon(Generation next, CompletableFuture<ConfigurableApplicationContext> started) {
		next.state(GenerationState.FAILED);
		// A late or rejected start is closed whenever it completes; a failed one has
		// completed and closed its partial context already.
		started.whenComplete((context, failure) -> {
			if (context != null) {
				LoggingCleanupGuard.runSuppressingCleanup(context::close);
			}
			removeGeneration(next);
			closeUnusedListeners();
		});
	}

	private void retire(Generation previous) {
		startThread("hotreload-drain-" + previous.number(), previous.number(), () -> {
			long begin = System.nanoTime();
			ConfigurableApplicationContext context = previous.context();
			if (context != null) {
				LoggingCleanupGuard.runSuppressingCleanup(context::close);
			}
			previous.closed();
			removeGeneration(previous);
			closeUnusedListeners();
			Duration drain = Duration.ofNanos(System.nanoTime() - begin);
			this.statistics.drained(drain);
			logger.info("Generation " + previous.number() + " closed " + drain.toMillis() + " ms after the switch");
		});
	}

	private void startThread(String name, int generation, Runnable task) {
		Thread thread = new Thread(() -> GenerationMdc.run(generation, task), name);
		// Not the caller's: a request thread's class loader belongs to a generation's
		// Tomcat, and a thread that inherits it keeps that generation alive.
		thread.setContextClassLoader(this.classLoader);
		thread.setDaemon(true);
		thread.start();
	}

	private synchronized void reloadEnded(ReloadResult result) {
		this.lastReload = result;
		this.statistics.reloadEnded(result);
		this.running = null;
		if (!result.succeeded()) {
			this.coordinator.cancelReload();
		}
		if (this.waiting != null && !this.shuttingDown) {
			startWaitingReload();
		}
	}

	private void closeUnusedListeners() {
		this.listeners.closeUnused(this.generations);
	}

	/**
	 * Records connections closed by force because a drain timed out.
	 * @param connections how many were closed
	 */
	public void drainForced(int connections) {
		this.statistics.drainForced(connections);
	}

	/**
	 * Counts and durations of reloads and drains since the application started.
	 * @return the statistics
	 */
	public ReloadStatistics statistics() {
		return this.statistics;
	}

	/**
	 * The live generations, oldest first.
	 * @return the generations
	 */
	public List<Generation> generations() {
		return List.copyOf(this.generations);
	}

	/**
	 * Calls a listener now and whenever a generation is added or removed.
	 * @param listener the listener
	 * @return what removes the listener; call it when the listener's owner closes, or it
	 * stays reachable for as long as the application runs
	 */
	public Runnable onGenerationsChanged(Runnable listener) {
		this.generationListeners.add(listener);
		listener.run();
		return () -> this.generationListeners.remove(listener);
	}

	private void addGeneration(Generation generation) {
		this.generations.add(generation);
		this.generationListeners.forEach(Runnable::run);
	}

	private void removeGeneration(Generation generation) {
		this.generations.remove(generation);
		this.generationListeners.forEach(Runnable::run);
	}

	private static String describe(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return (root == failure) ? failure.toString() : failure + "; root cause: " + root;
	}

	/**
	 * Stops accepting connections and rejects reloads that wait; the generations then shut
	 * down gracefully as their contexts close. Called when the serving generation's
	 * context closes and on JVM shutdown; calls after the first do nothing.
	 */
	public void shutdown() {
		CompletableFuture<ReloadResult> waitingReload;
		CompletableFuture<ReloadResult> runningReload;
		synchronized (this) {
			if (this.shuttingDown) {
				return;
			}
			this.shuttingDown = true;
			waitingReload = this.waiting;
			this.waiting = null;
			runningReload = this.running;
		}
		logger.info("Shutting down: no longer accepting connections on " + this.listeners.closeAll());
		// Answer the callers now: their requests are in flight on a generation that shuts
		// down gracefully, and it waits for them.
		if (waitingReload != null) {
			waitingReload.complete(rejected("The application shut down before this reload started"));
		}
		if (runningReload != null) {
			runningReload.complete(rejected("The application began shutting down during this reload"));
		}
		if (this.shutdownHookRegistered && Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already: the hook runs or ran.
			}
		}
	}

	/**
	 * Shuts down and closes every live generation, the serving one last.
	 */
	public void close() {
		shutdown();
		Generation serving = this.current;
		for (Generation generation : this.generations) {
			if (generation != serving) {
				closeContext(generation);
			}
		}
		if (serving != null) {
			closeContext(serving);
		}
	}

	private static void closeContext(Generation generation) {
		ConfigurableApplicationContext context = generation.context();
		if (context != null && context.isActive()) {
			context.close();
		}
	}

	/**
	 * A snapshot of where reloading stands.
	 * @return the status
	 */
	public synchronized ReloadStatus status() {
		return new ReloadStatus(isSupported(), this.coordinator.currentGeneration(),
				this.coordinator.reloadRequested(), this.coordinator.reloadInProgress(),
				this.generations.stream().map(Generation::status).toList(), this.lastReload, this.listeners.status());
	}

}
