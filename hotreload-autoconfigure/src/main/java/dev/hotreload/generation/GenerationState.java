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

	/**
	 * A newer generation took over and is watched for a rollback: this one receives no new
	 * connections (its keep-alive ones move to the serving generation) but stays open, able
	 * to serve again, until the rollback window ends.
	 */
	STANDBY,

	/** Its context is closed. */
	CLOSED,

	/** It failed to start and never served. */
	FAILED

}
