package dev.hotreload.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.reload.ReloadStatus.ListenerStatus;

/**
 * An application's shared listeners, each with the router that hands its connections to
 * the current generation.
 */
final class SharedListeners {

	private static final Log logger = LogFactory.getLog(SharedListeners.class);

	private final Map<ListenerKey, SharedListener> listeners = new LinkedHashMap<>();

	private final Map<SharedListener, ConnectionRouter> routers = new HashMap<>();

	private @Nullable SharedListener inherited;

	/**
	 * Serves a listening socket this process inherited for the {@code server} listener
	 * instead of binding one: a worker's socket belongs to its supervisor.
	 */
	synchronized void useInherited(SharedListener listener) {
		this.inherited = listener;
	}

	/**
	 * The listener for a server and its address, bound on first use.
	 */
	synchronized SharedListener obtain(String name, InetSocketAddress requested, ReloadSettings settings)
			throws IOException {
		ListenerKey key = new ListenerKey(name, requested);
		if (this.inherited != null) {
			return inherited(key);
		}
		SharedListener listener = this.listeners.get(key);
		if (listener == null || !listener.isOpen()) {
			listener = SharedListener.bind(name, requested, settings.backlog(), settings.reusePort());
			this.listeners.put(key, listener);
			this.routers.put(listener, new ConnectionRouter());
			logger.info("Bound shared " + name + " listener on " + listener.localAddress() + " (backlog "
					+ settings.backlog() + "); it outlives every generation");
		}
		return listener;
	}

	private SharedListener inherited(ListenerKey key) {
		SharedListener listener = this.inherited;
		int port = key.requested().getPort();
		if (!key.name().equals("server")) {
			throw new IllegalStateException("A worker serves only the socket its supervisor holds; the " + key.name()
					+ " server on port " + port + " would need a socket of its own");
		}
		if (port != 0 && port != listener.localAddress().getPort()) {
			throw new IllegalStateException("server.port is " + port + " but the supervisor listens on "
					+ listener.localAddress() + "; restart the supervisor to change the port");
		}
		if (!this.listeners.containsKey(key)) {
			this.listeners.put(key, listener);
			this.routers.put(listener, new ConnectionRouter());
		}
		return listener;
	}

	/**
	 * Hands every listener's new connections to a generation. A listener the generation
	 * does not serve (its configuration dropped that port) closes its new connections.
	 */
	synchronized void switchTo(Generation generation) {
		this.routers.forEach((listener, router) -> router.switchTo(generation.connectorFor(listener)));
		this.routers.forEach(SharedListener::startAccepting);
	}

	/**
	 * Stops or resumes accepting on every listener; the sockets stay open.
	 * @param paused whether to stop
	 */
	synchronized void pauseAll(boolean paused) {
		this.routers.keySet().forEach(paused ? SharedListener::pause : SharedListener::resume);
	}

	/**
	 * The router that hands a listener's connections to the serving generation.
	 */
	synchronized @Nullable ConnectionRouter routerFor(SharedListener listener) {
		return this.routers.get(listener);
	}

	/**
	 * The router of the listener this process inherited (a worker's), if any.
	 */
	synchronized @Nullable ConnectionRouter inheritedRouter() {
		return (this.inherited != null) ? this.routers.get(this.inherited) : null;
	}

	/**
	 * Closes the listeners no live generation serves.
	 */
	synchronized void closeUnused(Collection<Generation> live) {
		Set<SharedListener> inUse = live.stream()
			.flatMap((generation) -> generation.listeners().stream())
			.collect(Collectors.toSet());
		this.listeners.values().removeIf((listener) -> {
			if (inUse.contains(listener)) {
				return false;
			}
			this.routers.remove(listener);
			closeQuietly(listener);
			logger.info("Closed " + listener + ": no generation uses it");
			return true;
		});
	}

	/**
	 * Stops accepting on every listener.
	 * @return the listeners closed
	 */
	synchronized List<SharedListener> closeAll() {
		List<SharedListener> closed = new ArrayList<>(this.listeners.values());
		closed.forEach(SharedListeners::closeQuietly);
		return closed;
	}

	synchronized List<ListenerStatus> status() {
		return this.listeners.values()
			.stream()
			.filter(SharedListener::isOpen)
			.map((listener) -> new ListenerStatus(listener.name(), listener.localAddress().toString(), true))
			.toList();
	}

	private static void closeQuietly(SharedListener listener) {
		try {
			listener.close();
		}
		catch (IOException ex) {
			logger.warn("Closing " + listener + " failed", ex);
		}
	}

	/**
	 * Listeners are shared by what they serve and the address asked for, so that two
	 * servers on port 0 get a port each.
	 */
	private record ListenerKey(String name, InetSocketAddress requested) {
	}

}
