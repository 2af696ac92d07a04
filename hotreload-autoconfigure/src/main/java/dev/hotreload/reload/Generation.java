package dev.hotreload.reload;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.generation.WorkerGeneration;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadStatus.GenerationStatus;

/**
 * One live generation of the application: its identity, state, context and connector.
 */
public final class Generation {

	private final WorkerGeneration info;

	private volatile GenerationState state = GenerationState.STARTING;

	private volatile ReloadSettings settings;

	private volatile @Nullable ConfigurableApplicationContext context;

	private volatile @Nullable GenerationConnector connector;

	private volatile @Nullable SharedListener listener;

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
		this.state = state;
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

	@Nullable ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Binds the context that runs this generation.
	 * @param context the context
	 */
	public void bind(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public @Nullable GenerationConnector connector() {
		return this.connector;
	}

	@Nullable SharedListener listener() {
		return this.listener;
	}

	/**
	 * Attaches the connector that serves this generation's connections.
	 * @param connector the connector
	 * @param listener the shared listener whose connections it serves
	 */
	public void attach(GenerationConnector connector, SharedListener listener) {
		this.connector = connector;
		this.listener = listener;
	}

	/**
	 * Lets go of the closed context and its connector: something may still hold this
	 * generation (the first one is held for as long as the application runs).
	 */
	void closed() {
		this.state = GenerationState.CLOSED;
		this.context = null;
		this.connector = null;
	}

	GenerationStatus status() {
		GenerationConnector attached = this.connector;
		return new GenerationStatus(number(), this.state, this.info.pid(), this.info.startTime(),
				this.info.uptime().toSeconds(), (attached != null) ? attached.inFlightRequests() : 0,
				(attached != null) ? attached.openConnections() : 0);
	}

	@Override
	public String toString() {
		return "generation " + number() + " (" + this.state + ")";
	}

}
