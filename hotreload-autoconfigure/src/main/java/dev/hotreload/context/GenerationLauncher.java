package dev.hotreload.context;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.logging.LoggingCleanupGuard;

/**
 * Starts a new generation by running the captured {@link SpringApplication} again, on a
 * thread of its own, so that configuration is read afresh from every property source.
 */
public final class GenerationLauncher {

	private static final ThreadLocal<PendingLaunch> PENDING = new ThreadLocal<>();

	private final ApplicationLaunch launch;

	GenerationLauncher(ApplicationLaunch launch) {
		this.launch = launch;
	}

	private static void quietBanner(SpringApplication application) {
		// The banner belongs to the process start, not to every generation.
		application.setBannerMode(Banner.Mode.OFF);
	}

	/**
	 * The generation being launched by this thread for the given application, if any: how
	 * a starting context learns that it is a new generation of a running application.
	 * @param application the application being run
	 * @return the pending launch, or {@code null} if this run is a first start
	 */
	public static @Nullable PendingLaunch pendingFor(SpringApplication application) {
		PendingLaunch pending = PENDING.get();
		return (pending != null && pending.launch().application() == application) ? pending : null;
	}

	CompletableFuture<ConfigurableApplicationContext> launch(ReloadableApplication owner, Generation generation) {
		CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
		quietBanner(this.launch.application());
		PendingLaunch pending = new PendingLaunch(this.launch, owner, generation);
		Thread thread = new Thread(() -> GenerationMdc.run(generation.number(), () -> run(pending, started)),
				"hotreload-generation-" + generation.number());
		thread.setContextClassLoader(this.launch.classLoader());
		thread.setDaemon(true);
		thread.start();
		return started;
	}

	private static void run(PendingLaunch pending, CompletableFuture<ConfigurableApplicationContext> started) {
		PENDING.set(pending);
		try {
			// A failed start closes its partial context: that must not tear down logging.
			started.complete(LoggingCleanupGuard
				.callSuppressingCleanup(() -> pending.launch().application().run(pending.launch().args())));
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
	 *
	 * @param launch how the application is started
	 * @param owner the application the generation belongs to
	 * @param generation the generation
	 */
	public record PendingLaunch(ApplicationLaunch launch, ReloadableApplication owner, Generation generation) {
	}

}
