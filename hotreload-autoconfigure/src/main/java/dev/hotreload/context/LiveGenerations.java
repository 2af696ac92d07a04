package dev.hotreload.context;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.cleanup.RetiredGenerationCleanup;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.logging.LoggingCleanupGuard;
import dev.hotreload.reload.ReloadStatus.GenerationStatus;

/**
 * The generations alive in this JVM, oldest first: added when they start, removed once
 * their context is closed, and with the last one that used it, a shared listener closes.
 * Whoever follows them (the metrics) hears of every change.
 */
final class LiveGenerations {

	private static final Log logger = LogFactory.getLog(LiveGenerations.class);

	private final List<Generation> generations = new CopyOnWriteArrayList<>();

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private final SharedListeners sockets;

	private final Consumer<Generation> removed;

	/**
	 * @param first the first generation
	 * @param sockets the shared listeners, closed once no generation uses them
	 * @param removed told of every generation that has closed or failed
	 */
	LiveGenerations(Generation first, SharedListeners sockets, Consumer<Generation> removed) {
		this.generations.add(first);
		this.sockets = sockets;
		this.removed = removed;
	}

	List<Generation> all() {
		return List.copyOf(this.generations);
	}

	List<GenerationStatus> statuses() {
		return this.generations.stream().map(Generation::status).toList();
	}

	void add(Generation generation) {
		this.generations.add(generation);
		this.listeners.forEach(Runnable::run);
	}

	Runnable onChanged(Runnable listener) {
		this.listeners.add(listener);
		listener.run();
		return () -> this.listeners.remove(listener);
	}

	/**
	 * Closes a retired generation's context (it drains first: {@code GenerationLifecycle}),
	 * forgets what JVM-wide caches hold of it and reports how long that took.
	 */
	void closeRetired(Generation retired, DrainReport report) {
		long begin = System.nanoTime();
		ConfigurableApplicationContext context = retired.context();
		if (context != null) {
			LoggingCleanupGuard.runSuppressingCleanup(context::close);
		}
		retired.closed();
		RetiredGenerationCleanup.forgetClosedContexts();
		remove(retired);
		Duration drain = Duration.ofNanos(System.nanoTime() - begin);
		report.drained().accept(drain);
		logger.info("Generation " + retired.number() + " closed " + drain.toMillis() + " ms after the switch");
	}

	/**
	 * Closes every live generation's context, the serving one last.
	 * @param serving the serving generation, if any
	 */
	void closeAll(@Nullable Generation serving) {
		for (Generation generation : all()) {
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
	 * Gives up a generation that failed to start or was late: it is closed whenever its
	 * start completes (a failed start has closed its partial context already), and what
	 * JVM-wide caches hold of it is forgotten.
	 */
	void abandon(Generation next, CompletableFuture<ConfigurableApplicationContext> started) {
		next.state(GenerationState.FAILED);
		started.whenComplete((context, failure) -> {
			if (context != null) {
				LoggingCleanupGuard.runSuppressingCleanup(context::close);
			}
			RetiredGenerationCleanup.forgetClosedContexts();
			remove(next);
		});
	}

	private void remove(Generation generation) {
		this.generations.remove(generation);
		this.sockets.closeUnused(this.generations);
		this.listeners.forEach(Runnable::run);
		this.removed.accept(generation);
	}

}
