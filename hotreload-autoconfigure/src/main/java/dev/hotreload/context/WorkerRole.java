package dev.hotreload.context;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.generation.GenerationState;

/**
 * What the application does as a worker process when its supervisor says so: stand by for
 * a rollback and serve again, stop serving when a newer worker serves, and retire. In
 * context mode nothing calls it. It changes the application's state under the
 * application's lock, as the application's own switches do.
 */
public final class WorkerRole {

	private static final Log logger = LogFactory.getLog(WorkerRole.class);

	private final ReloadableApplication application;

	private final SharedListeners listeners;

	private final LiveGenerations generations;

	private volatile int retiredFor;

	WorkerRole(ReloadableApplication application, SharedListeners listeners, LiveGenerations generations) {
		this.application = application;
		this.listeners = listeners;
		this.generations = generations;
	}

	/**
	 * Whether this worker process retires: a newer worker, in another process, serves.
	 * @return {@code true} once {@link #stopServing} was called
	 */
	public boolean isRetiring() {
		return this.retiredFor > 0;
	}

	/**
	 * The generation a newer worker serves, once this one retires.
	 * @return it, or 0
	 */
	int retiredFor() {
		return this.retiredFor;
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
	}

	/**
	 * Retires this worker process: a newer worker serves. Stops serving
	 * ({@link #stopServing}, if not done yet), then every generation drains as an old
	 * generation does after a switch and closes; returns when all are closed.
	 * @param newerGeneration the generation that serves now, in another process
	 */
	public void retire(int newerGeneration) {
		stopServing(newerGeneration);
		this.application.stopReloading();
		for (Generation generation : this.generations.all()) {
			this.generations.closeRetired(generation, this.application.drainReport());
		}
	}

	/**
	 * Stands this worker process by for a rollback: a newer worker serves and is watched.
	 * It stops accepting (the socket stays open for the others), its keep-alive connections
	 * end after their next response as in a drain, and its generation stays open.
	 */
	public void standBy() {
		synchronized (this.application) {
			this.listeners.pauseAll(true);
			Generation serving = this.application.serving();
			if (serving != null) {
				serving.state(GenerationState.STANDBY);
				serving.connectors().forEach(GenerationConnector::stopKeepAlive);
				serving.connectors().forEach(GenerationConnector::goAwayHttp2);
			}
		}
	}

	/**
	 * Serves again after {@link #standBy()}: the worker that took over was rolled back.
	 */
	public void resumeServing() {
		synchronized (this.application) {
			Generation serving = this.application.serving();
			if (serving != null) {
				serving.connectors().forEach(GenerationConnector::resumeServing);
				serving.state(GenerationState.ACTIVE);
			}
			this.listeners.pauseAll(false);
		}
	}

}
