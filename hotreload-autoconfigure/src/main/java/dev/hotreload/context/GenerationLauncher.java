package dev.hotreload.context;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.generation.DetachedThreads;
import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.logging.LoggingCleanupGuard;

/**
 * Starts a new generation by running the captured {@link SpringApplication} again, on a
 * thread of its own, so that configuration is read afresh from every property source.
 */
public final class GenerationLauncher {

	private static final ThreadLocal<PendingLaunch> PENDING = new ThreadLocal<>();

	private final ApplicationLaunch launch;

	private volatile GenerationStart start = GenerationStart.RUN_AGAIN;

	GenerationLauncher(ApplicationLaunch launch) {
		this.launch = launch;
	}

	void use(GenerationStart start) {
		this.start = start;
	}

	GenerationStart start() {
		return this.start;
	}

	/**
	 * The generation being launched by this thread for the given application, if any: how
	 * a starting context learns that it is a new generation of a running application.
	 * @param application the application being run
	 * @return the pending launch, or {@code null} if this run is a first start
	 */
	public static @Nullable PendingLaunch pendingFor(SpringApplication application) {
		PendingLaunch pending = PENDING.get();
		return (pending != null && pending.claims(application)) ? pending : null;
	}

	CompletableFuture<ConfigurableApplicationContext> launch(ReloadableApplication owner, Generation generation) {
		CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
		GenerationStart start = this.start;
		PendingLaunch pending = new PendingLaunch(this.launch, owner, generation, start.runsNewApplication());
		DetachedThreads.start("hotreload-generation-" + generation.number(), this.launch.classLoader(),
				() -> GenerationMdc.run(generation.number(), () -> run(start, pending, started)));
		return started;
	}

	private static void run(GenerationStart start, PendingLaunch pending,
			CompletableFuture<ConfigurableApplicationContext> started) {
		PENDING.set(pending);
		try {
			// A failed start closes its partial context: that must not tear down logging.
			started.complete(LoggingCleanupGuard
				.callSuppressingCleanup(() -> start.run(pending.launch(), pending.generation())));
		}
		catch (Throwable ex) {
			started.completeExceptionally(ex);
		}
		finally {
			PENDING.remove();
		}
	}

	/**
	 * A generation being started on the current thread.
	 */
	public static final class PendingLaunch {

		private final ApplicationLaunch launch;

		private final ReloadableApplication owner;

		private final Generation generation;

		private final boolean claimsFirstApplication;

		private @Nullable SpringApplication claimed;

		PendingLaunch(ApplicationLaunch launch, ReloadableApplication owner, Generation generation,
				boolean claimsFirstApplication) {
			this.launch = launch;
			this.owner = owner;
			this.generation = generation;
			this.claimsFirstApplication = claimsFirstApplication;
		}

		public ApplicationLaunch launch() {
			return this.launch;
		}

		public ReloadableApplication owner() {
			return this.owner;
		}

		public Generation generation() {
			return this.generation;
		}

		// The captured application, or in development mode the first one the main method
		// runs on this thread (only this thread sees this launch).
		private boolean claims(SpringApplication application) {
			if (this.claimsFirstApplication && this.claimed == null) {
				this.claimed = application;
			}
			return application == ((this.claimsFirstApplication) ? this.claimed : this.launch.application());
		}

	}

}
