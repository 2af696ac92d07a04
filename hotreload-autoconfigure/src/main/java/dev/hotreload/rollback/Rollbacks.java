package dev.hotreload.rollback;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadStatus.RollbackWindowStatus;

/**
 * What becomes of the generation switched away from: retired at once, or, if the new
 * generation's configuration sets {@code hotreload.rollback.window}, kept in standby
 * while the new one is watched. If the new one goes down or answers too many 5xx within
 * the window, traffic switches back and the new one drains; once the window has passed,
 * or when a reload or a shutdown ends it early, the previous one drains and closes. At
 * most one window runs. Lock order: the application's, then this one's; never the other
 * way.
 */
public final class Rollbacks {

	private static final Log logger = LogFactory.getLog(Rollbacks.class);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

	private final GenerationSwitch generations;

	private final ReloadQueue queue;

	private @Nullable RollbackWindow window;

	/**
	 * @param generations what windows do to the generations
	 * @param queue where a rollback's result goes
	 */
	public Rollbacks(GenerationSwitch generations, ReloadQueue queue) {
		this.generations = generations;
		this.queue = queue;
	}

	/**
	 * The rollback settings of a generation, read from its own configuration.
	 * @param context the generation's context
	 * @return its settings, or none if it has none
	 */
	public static RollbackSettings settingsOf(ConfigurableApplicationContext context) {
		return context.getBeanProvider(RollbackSettings.class).getIfAvailable(RollbackSettings::none);
	}

	/**
	 * What is wrong with a generation watched after the switch to it, if anything: its
	 * health is down, or its share of 5xx responses passed the error ratio. The one
	 * judgement of a window, in this JVM or in a worker process its supervisor watches.
	 * @param watched the generation
	 * @param settings its rollback settings
	 * @return the reason to roll back, {@code null} if there is none
	 */
	public static @Nullable String problemOf(Generation watched, RollbackSettings settings) {
		String errors = RollbackWindow.errorRatioProblem(watched.responses(), watched.serverErrors(), settings);
		if (errors != null) {
			return errors;
		}
		ConfigurableApplicationContext context = watched.context();
		return (context != null) ? GenerationHealth.problem(context, settings.group()) : null;
	}

	/**
	 * The result that replaces a reload's once its generation was rolled back.
	 * @param switched the reload's result at the switch
	 * @param reason why it was rolled back
	 * @return the result, outcome {@link ReloadOutcome#ROLLED_BACK}
	 */
	public static ReloadResult rolledBack(ReloadResult switched, String reason) {
		return new ReloadResult(switched.generation(), switched.kind(), switched.trigger(), ReloadOutcome.ROLLED_BACK,
				switched.startedAt(), Duration.between(switched.startedAt(), Instant.now()).toMillis(),
				switched.startupMillis(), "Rolled back: " + reason);
	}

	/**
	 * Called once traffic switched: retires the previous generation or opens a window.
	 * @param previous the generation switched from
	 * @param next the generation switched to
	 * @param switched the reload's result
	 */
	public void switched(Generation previous, Generation next, ReloadResult switched) {
		ConfigurableApplicationContext context = next.context();
		RollbackSettings settings = (context != null) ? settingsOf(context) : RollbackSettings.none();
		if (!settings.hasWindow() || !this.generations.canStandBy()) {
			this.generations.retire(previous);
			return;
		}
		RollbackWindow opened = new RollbackWindow(next, previous, switched, settings,
				Instant.now().plus(settings.window()));
		synchronized (this) {
			end("a newer generation serves");
			this.window = opened;
			this.generations.standBy(previous);
		}
		logger.info("Generation " + previous.number() + " stands by until " + opened.until() + " while generation "
				+ next.number() + " is watched (health group " + settings.group() + ", error ratio "
				+ settings.errorRatio() + " over at least " + settings.minimumResponses() + " responses)");
		this.generations.run("hotreload-rollback-window-" + next.number(), next.number(), () -> watch(opened));
	}

	/**
	 * Ends the window that runs, if any: the serving generation is kept and the previous
	 * one drains and closes. A reload does this before it starts, a shutdown as it begins.
	 * @param why why the window ends, for the log
	 */
	public synchronized void end(String why) {
		RollbackWindow ending = this.window;
		if (ending == null) {
			return;
		}
		this.window = null;
		logger.info("Rollback window of generation " + ending.watched().number() + " ends early (" + why
				+ "); generation " + ending.previous().number() + " drains");
		this.generations.retire(ending.previous());
	}

	/**
	 * The window that runs.
	 * @return its status, {@code null} if none runs
	 */
	public synchronized @Nullable RollbackWindowStatus status() {
		return (this.window != null) ? this.window.status() : null;
	}

	private void watch(RollbackWindow watched) {
		// Keep-alive connections leave the previous generation as they do when it drains.
		watched.previous().connectors().forEach((connector) -> {
			if (!connector.startMigrating()) {
				connector.stopKeepAlive();
			}
		});
		try {
			while (isOpen(watched)) {
				watched.previous().connectors().forEach(GenerationConnector::migrateIdleConnections);
				String problem = watched.problem();
				if (problem != null) {
					rollBack(watched, problem);
					return;
				}
				if (watched.hasEnded(Instant.now())) {
					passed(watched);
					return;
				}
				Thread.sleep(CHECK_INTERVAL.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			end("interrupted");
		}
		catch (RuntimeException ex) {
			logger.warn("Watching generation " + watched.watched().number() + " failed; it is kept", ex);
			end("watching it failed");
		}
	}

	private synchronized boolean isOpen(RollbackWindow watched) {
		return this.window == watched;
	}

	private synchronized void passed(RollbackWindow watched) {
		if (this.window != watched) {
			return;
		}
		this.window = null;
		logger.info("Rollback window of generation " + watched.watched().number() + " passed without trouble;"
				+ " generation " + watched.previous().number() + " drains");
		this.generations.retire(watched.previous());
	}

	private void rollBack(RollbackWindow watched, String reason) {
		Generation bad = watched.watched();
		Generation previous = watched.previous();
		long begin = System.nanoTime();
		synchronized (this) {
			if (this.window != watched) {
				return;
			}
			this.window = null;
		}
		// Before the switch: a connection handed to it from now on must stay. Not under
		// this lock: the switch takes the application's, which the status holds when it
		// asks for the window.
		previous.connectors().forEach(GenerationConnector::resumeServing);
		if (!this.generations.switchBack(bad, previous)) {
			logger.info("Generation " + bad.number() + " was not rolled back (" + reason
					+ "): the application shuts down; generation " + previous.number() + " drains");
			this.generations.retire(previous);
			return;
		}
		long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
		ReloadResult rolledBack = rolledBack(watched.switched(), reason);
		this.queue.rolledBack(rolledBack);
		logger.warn("Rolled back generation " + bad.number() + ": " + reason + "; generation " + previous.number()
				+ " serves again (switched back in " + millis + " ms) and generation " + bad.number() + " drains");
		this.generations.retire(bad);
	}

}
