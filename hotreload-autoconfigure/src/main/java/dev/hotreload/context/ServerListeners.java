package dev.hotreload.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * The shared listeners as a generation's web servers get them: the listener for each
 * server's address, and where each connector hands its keep-alive connections when its
 * generation drains. A listener is bound under the application's lock, as its shutdown
 * begins, so that none is bound once the shutdown has closed them all.
 */
final class ServerListeners {

	private final Object lock;

	private final BooleanSupplier shuttingDown;

	private final SharedListeners listeners;

	private final WorkerConnections workerConnections;

	private final ApplicationLifetime lifetime;

	/**
	 * @param lock the application's lock
	 * @param shuttingDown whether the application shuts down; read under the lock
	 * @param listeners the shared listeners
	 * @param workerConnections where connections go in a retiring worker
	 * @param lifetime registers the JVM shutdown hook with the first listener
	 */
	ServerListeners(Object lock, BooleanSupplier shuttingDown, SharedListeners listeners,
			WorkerConnections workerConnections, ApplicationLifetime lifetime) {
		this.lock = lock;
		this.shuttingDown = shuttingDown;
		this.listeners = listeners;
		this.workerConnections = workerConnections;
		this.lifetime = lifetime;
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
	SharedListener listenerFor(String name, InetSocketAddress requested, ReloadSettings settings)
			throws IOException {
		synchronized (this.lock) {
			if (this.shuttingDown.getAsBoolean()) {
				throw new IllegalStateException("The application is shutting down");
			}
			SharedListener listener = this.listeners.obtain(name, requested, settings);
			this.lifetime.registerShutdownHook();
			return listener;
		}
	}

	/**
	 * Where a connector of a shared listener hands its keep-alive connections when its
	 * generation drains by migration: whichever connector serves that listener by then, or
	 * in a retiring worker the serving worker ({@link WorkerConnections}).
	 * @param listener the shared listener
	 * @return the hand-off
	 */
	ConnectionHandOff handOffFor(SharedListener listener) {
		return this.workerConnections.handOffFor(new SharedListenerHandOff(this.listeners, listener,
				this.shuttingDown));
	}

}
