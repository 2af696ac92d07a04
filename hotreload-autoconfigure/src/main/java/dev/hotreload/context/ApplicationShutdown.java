package dev.hotreload.context;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.rollback.Rollbacks;

/**
 * An application's shutdown, run once: its listeners stop accepting, the rollback window
 * ends and reloads that wait are answered; the generations then shut down gracefully as
 * their contexts close. It begins under the application's lock, under which switches and
 * binds look whether it has.
 */
final class ApplicationShutdown {

	// The application's log category, which this line had before the shutdown moved here.
	private static final Log logger = LogFactory.getLog(ReloadableApplication.class);

	private final Object lock;

	private final SharedListeners listeners;

	private final ReloadQueue queue;

	private final Rollbacks rollbacks;

	private final ApplicationLifetime lifetime;

	private volatile boolean begun;

	ApplicationShutdown(Object lock, SharedListeners listeners, ReloadQueue queue, Rollbacks rollbacks,
			ApplicationLifetime lifetime) {
		this.lock = lock;
		this.listeners = listeners;
		this.queue = queue;
		this.rollbacks = rollbacks;
		this.lifetime = lifetime;
	}

	boolean hasBegun() {
		return this.begun;
	}

	/**
	 * Shuts down, unless a call before did.
	 */
	void run() {
		synchronized (this.lock) {
			if (this.begun) {
				return;
			}
			this.begun = true;
		}
		logger.info("Shutting down: no longer accepting connections on " + this.listeners.closeAll());
		this.rollbacks.end("the application shuts down");
		// Answer the callers now: their requests are in flight on a generation that shuts
		// down gracefully, and it waits for them.
		this.queue.shutdown();
		this.lifetime.ended();
	}

}
