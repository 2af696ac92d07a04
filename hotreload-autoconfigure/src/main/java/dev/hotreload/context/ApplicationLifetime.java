package dev.hotreload.context;

import java.util.ArrayList;
import java.util.List;

/**
 * What lives exactly as long as a reloadable application, whichever generation serves:
 * the JVM shutdown hook that stops accepting on SIGTERM, and the triggers that start once
 * the first generation serves and stop when the application shuts down.
 */
final class ApplicationLifetime {

	private final Thread shutdownHook;

	private boolean shutdownHookRegistered;

	private boolean serving;

	private boolean ended;

	private final List<Runnable> starts = new ArrayList<>();

	private final List<Runnable> stops = new ArrayList<>();

	/**
	 * @param onJvmShutdown what the JVM runs on SIGTERM, while Spring Boot closes the
	 * generations
	 */
	ApplicationLifetime(Runnable onJvmShutdown) {
		this.shutdownHook = new Thread(onJvmShutdown, "hotreload-shutdown");
	}

	synchronized void registerShutdownHook() {
		if (!this.shutdownHookRegistered && !this.ended) {
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
			this.shutdownHookRegistered = true;
		}
	}

	/**
	 * Starts something once the application serves (at once if it does), and stops it
	 * when the application ends.
	 */
	synchronized void whileServing(Runnable start, Runnable stop) {
		if (this.ended) {
			return;
		}
		if (this.serving) {
			start.run();
		}
		else {
			this.starts.add(start);
		}
		this.stops.add(stop);
	}

	synchronized void serving() {
		this.serving = true;
		this.starts.forEach(Runnable::run);
		this.starts.clear();
	}

	/**
	 * Stops what runs while the application serves and gives the shutdown hook back,
	 * unless it is what is running.
	 */
	void ended() {
		List<Runnable> stopping;
		boolean removeHook;
		synchronized (this) {
			this.ended = true;
			stopping = List.copyOf(this.stops);
			this.stops.clear();
			this.starts.clear();
			removeHook = this.shutdownHookRegistered && Thread.currentThread() != this.shutdownHook;
		}
		stopping.forEach(Runnable::run);
		if (removeHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already: the hook runs or ran.
			}
		}
	}

}
