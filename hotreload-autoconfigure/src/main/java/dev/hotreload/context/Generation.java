package dev.hotreload.context;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.generation.WorkerGeneration;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadStatus.GenerationStatus;

/**
 * One live generation of the application: its identity, state, context and connectors (one
 * per shared listener it serves: the server's and, on its own port, the management
 * server's).
 */
public final class Generation {

	private final WorkerGeneration info;

	private volatile GenerationState state = GenerationState.STARTING;

	private volatile long drainingSince;

	private volatile ReloadSettings settings;

	private volatile @Nullable ConfigurableApplicationContext context;

	private final Map<SharedListener, GenerationConnector> connectors = new ConcurrentHashMap<>();

	Generation(int number, ReloadSettings settings) {
		this.info = WorkerGeneration.startingNow(number);
		this.settings = settings;
	}

	public WorkerGeneration info() {
		return this.info;
	}

	public int number() {
		return this.info.generation();
	}

	public GenerationState state() {
		return this.state;
	}

	void state(GenerationState state) {
		if (state == GenerationState.DRAINING && this.state != GenerationState.DRAINING) {
			this.drainingSince = System.nanoTime();
		}
		this.state = state;
	}

	/**
	 * When this generation started to drain: the switch away from it (in a worker process,
	 * the word that a newer worker serves), which its going-away grace counts from.
	 * @return the {@link System#nanoTime()} of that moment; meaningless before it drains
	 */
	public long drainingSince() {
		return this.drainingSince;
	}

	public ReloadSettings settings() {
		return this.settings;
	}

	/**
	 * Applies the settings read from this generation's own configuration.
	 * @param settings the settings
	 */
	public void configure(ReloadSettings settings) {
		this.settings = settings;
	}

	public @Nullable ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Binds the context that runs this generation.
	 * @param context the context
	 */
	public void bind(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * The connectors serving this generation's connections.
	 * @return the connectors, empty before its web server exists
	 */
	public Collection<GenerationConnector> connectors() {
		return List.copyOf(this.connectors.values());
	}

	@Nullable GenerationConnector connectorFor(SharedListener listener) {
		return this.connectors.get(listener);
	}

	Set<SharedListener> listeners() {
		return Set.copyOf(this.connectors.keySet());
	}

	/**
	 * Attaches a connector that serves the connections of a shared listener.
	 * @param connector the connector
	 * @param listener the shared listener whose connections it serves
	 */
	public void attach(GenerationConnector connector, SharedListener listener) {
		this.connectors.put(listener, connector);
	}

	/**
	 * Requests this generation's connectors are processing.
	 * @return the total
	 */
	public int inFlightRequests() {
		return this.connectors.values().stream().mapToInt(GenerationConnector::inFlightRequests).sum();
	}

	/**
	 * Responses this generation has sent, on every connector.
	 * @return the total since it started
	 */
	public long responses() {
		return this.connectors.values().stream().mapToLong(GenerationConnector::responses).sum();
	}

	/**
	 * Of {@link #responses()}, those with a 5xx status.
	 * @return the total since it started
	 */
	public long serverErrors() {
		return this.connectors.values().stream().mapToLong(GenerationConnector::serverErrors).sum();
	}

	/**
	 * Connections this generation's connectors have open.
	 * @return the total
	 */
	public int openConnections() {
		return this.connectors.values().stream().mapToInt(GenerationConnector::openConnections).sum();
	}

	/**
	 * Lets go of the closed context and its connector: something may still hold this
	 * generation (the first one is held for as long as the application runs).
	 */
	void closed() {
		this.state = GenerationState.CLOSED;
		this.context = null;
		this.connectors.clear();
	}

	GenerationStatus status() {
		return new GenerationStatus(number(), this.state, this.info.pid(), this.info.startTime(),
				this.info.uptime().toSeconds(), inFlightRequests(), openConnections());
	}

	@Override
	public String toString() {
		return "generation " + number() + " (" + this.state + ")";
	}

}
