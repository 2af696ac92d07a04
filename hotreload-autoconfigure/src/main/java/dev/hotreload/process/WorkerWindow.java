package dev.hotreload.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.rollback.GenerationHealth;
import dev.hotreload.rollback.RollbackSettings;
import dev.hotreload.rollback.Rollbacks;

/**
 * A worker's part in a rollback window, which the supervisor holds ({@link WorkerRollbacks}).
 * The worker switched away from stands by ({@code STANDBY}: it stops accepting, its
 * keep-alive connections end, its context stays open and its singleton work pauses) until
 * it serves again ({@code RESUME}) or retires. The worker switched to watches itself
 * ({@code WATCH}) with the judgement a window in one JVM uses, {@link Rollbacks#problemOf},
 * and tells the supervisor of trouble ({@code TROUBLE}): its health group and its 5xx
 * responses are known only in its own JVM.
 */
final class WorkerWindow {

	static final String STANDBY = "STANDBY";

	static final String RESUME = "RESUME";

	static final String RESUMED = "RESUMED";

	static final String WATCH = "WATCH";

	static final String UNWATCH = "UNWATCH";

	static final String TROUBLE = "TROUBLE";

	private static final Log logger = LogFactory.getLog(WorkerWindow.class);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

	private final ControlConnection connection;

	private final CompletableFuture<ReloadableApplication> application;

	/** Changes at every WATCH and UNWATCH: a watch runs while it holds its own value. */
	private final AtomicLong watches = new AtomicLong();

	WorkerWindow(ControlConnection connection, CompletableFuture<ReloadableApplication> application) {
		this.connection = connection;
		this.application = application;
	}

	/**
	 * What READY tells the supervisor besides the start-up time: why the first generation
	 * is unhealthy, if it is (it is then not switched to), and its rollback settings.
	 * @param first the worker's first generation, ready
	 * @return the fields
	 */
	static Map<String, String> readyFields(Generation first) {
		ConfigurableApplicationContext context = first.context();
		if (context == null) {
			return Map.of();
		}
		RollbackSettings settings = Rollbacks.settingsOf(context);
		return ControlMessage.of("READY")
			.with("unhealthy", GenerationHealth.problem(context, settings.group()))
			.with("rollback.window", settings.window())
			.with("rollback.errorRatio", settings.errorRatio())
			.with("rollback.minimumResponses", settings.minimumResponses())
			.with("rollback.healthGroup", settings.healthGroup())
			.fields();
	}

	/**
	 * The rollback settings a READY message carries.
	 * @param ready the message
	 * @return the settings, none if it carries none
	 */
	static RollbackSettings settings(ControlMessage ready) {
		String window = ready.get("rollback.window");
		if (window == null) {
			return RollbackSettings.none();
		}
		return new RollbackSettings(Duration.parse(window), Double.parseDouble(ready.require("rollback.errorRatio")),
				ready.requireInt("rollback.minimumResponses"), ready.get("rollback.healthGroup"));
	}

	/**
	 * Handles a message of the window.
	 * @param message a message from the supervisor
	 * @return {@code false} if it is none of the window's
	 */
	boolean handle(ControlMessage message) {
		switch (message.type()) {
			case STANDBY -> this.application.thenAccept((app) -> standBy(app, message.requireInt("current")));
			case RESUME -> this.application.thenAccept((app) -> {
				app.worker().resumeServing();
				logger.info("Serving again: the worker that took over was rolled back");
				this.connection.send(ControlMessage.of(RESUMED));
			});
			case WATCH -> {
				long watch = this.watches.incrementAndGet();
				this.application.thenAccept((app) -> WorkerLink.thread("hotreload-rollback-watch",
						() -> watch(app, watch)));
			}
			case UNWATCH -> this.watches.incrementAndGet();
			default -> {
				return false;
			}
		}
		return true;
	}

	private void standBy(ReloadableApplication app, int serving) {
		// On the control thread, as a retirement: the answer to the reload that switched away
		// from this worker is the next message, and a client that has it must not reach this
		// worker again (stopping singleton work may wait for a job, so it comes after).
		app.worker().standBy();
		logger.info("Standing by for a rollback: generation " + serving + " serves in another process; no longer"
				+ " accepting, this worker's context stays open");
		WorkerLink.thread("hotreload-standby", () -> {
			// As before a retirement: the new worker's singleton work starts once this one's stopped.
			boolean inTime = app.singletons().stopRunning();
			this.connection.send(ControlMessage.of(SingletonRelay.STOPPED).with("inTime", inTime));
		});
	}

	private void watch(ReloadableApplication app, long watch) {
		Generation serving = app.generations()
			.stream()
			.filter((generation) -> generation.state() == GenerationState.ACTIVE)
			.findFirst()
			.orElse(null);
		ConfigurableApplicationContext context = (serving != null) ? serving.context() : null;
		if (context == null) {
			return;
		}
		RollbackSettings settings = Rollbacks.settingsOf(context);
		if (!settings.hasWindow()) {
			return;
		}
		// Bounded by the window even if the supervisor's UNWATCH never comes.
		Instant until = Instant.now().plus(settings.window());
		try {
			while (this.watches.get() == watch && Instant.now().isBefore(until)) {
				String problem = Rollbacks.problemOf(serving, settings);
				if (problem != null) {
					logger.warn("Generation " + serving.number() + " is in trouble within its rollback window: "
							+ problem);
					this.connection.send(ControlMessage.of(TROUBLE).with("reason", problem));
					return;
				}
				Thread.sleep(CHECK_INTERVAL.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("Watching generation " + serving.number() + " failed; the supervisor keeps it", ex);
		}
	}

	static @Nullable String unhealthy(ControlMessage ready) {
		return ready.get("unhealthy");
	}

}
