package dev.hotreload.context;

import java.time.Duration;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.generation.GenerationState;

/**
 * A worker process standing by for a rollback, for its {@link WorkerRole}: a newer worker
 * serves and is watched. It stops accepting (the socket stays open for the others), its
 * keep-alive connections leave as in a retirement (drain mode {@code migrate}: handed,
 * still open, to the serving worker between requests, for as long as it stands by;
 * otherwise they end after their next response), and its generation stays open. Its HTTP/2
 * connections get GOAWAY as its going-away policy says from a retirement's start: at once,
 * once the grace has passed if it still stands by then, or not while it stands by. State
 * changes under the application's lock, as the application's own switches do.
 */
final class WorkerStandBy {

	/** How often the keep-alive connections idle by then are handed over. */
	private static final Duration SWEEP_INTERVAL = Duration.ofMillis(50);

	private final ReloadableApplication application;

	private final SharedListeners listeners;

	private final ServingGeneration serving;

	/** Counts the times this worker stood by: a grace timed for one is not another's. */
	private int standBys;

	private volatile boolean standingBy;

	WorkerStandBy(ReloadableApplication application, SharedListeners listeners, ServingGeneration serving) {
		this.application = application;
		this.listeners = listeners;
		this.serving = serving;
	}

	boolean isStandingBy() {
		return this.standingBy;
	}

	/**
	 * Stands by: another worker serves now.
	 */
	void begin() {
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
		if (standingBy == null) {
			return;
		}
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

	/**
	 * Serves again: the worker that took over was rolled back.
	 */
	void end() {
		synchronized (this.application) {
			Generation serving = this.serving.current();
			if (serving != null) {
				serving.connectors().forEach(GenerationConnector::resumeServing);
				serving.state(GenerationState.ACTIVE);
			}
			this.standingBy = false;
			this.listeners.pauseAll(false);
		}
	}

	/**
	 * Hands over, every sweep interval while this stand-by lasts, the connections idle by
	 * then (as a drain does): those busy at one sweep move once their response has ended.
	 */
	private void sweepWhileStandingBy(Generation standingBy, int standBy) {
		this.application.startThread("hotreload-standby-migration", standingBy.number(), () -> {
			try {
				while (lasts(standingBy, standBy)) {
					standingBy.connectors().forEach(GenerationConnector::migrateIdleConnections);
					Thread.sleep(SWEEP_INTERVAL.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
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
					if (lasts(standingBy, standBy)) {
						standingBy.connectors().forEach(GenerationConnector::goAwayHttp2);
					}
				}
			});
		}
	}

	/** Whether this stand-by (the {@code standBy}th) still lasts. */
	private boolean lasts(Generation standingBy, int standBy) {
		synchronized (this.application) {
			return this.standBys == standBy && this.standingBy && standingBy.state() == GenerationState.STANDBY;
		}
	}

}
