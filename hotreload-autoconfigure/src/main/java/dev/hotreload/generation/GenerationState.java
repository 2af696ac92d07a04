package dev.hotreload.generation;

/**
 * Where a generation is in its life.
 */
public enum GenerationState {

	/** Its context is starting; it receives no connections yet. */
	STARTING,

	/** It receives every new connection. */
	ACTIVE,

	/** A newer generation took over; it finishes the connections it has. */
	DRAINING,

	/** Its context is closed. */
	CLOSED,

	/** It failed to start and never served. */
	FAILED

}
