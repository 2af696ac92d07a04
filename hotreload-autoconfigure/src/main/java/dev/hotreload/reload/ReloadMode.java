package dev.hotreload.reload;

/**
 * Where new generations run ({@code hotreload.mode}).
 */
public enum ReloadMode {

	/** Every generation is an application context in the JVM the user started. */
	CONTEXT,

	/**
	 * The JVM the user started becomes a supervisor that holds the listening socket; each
	 * generation runs in a worker JVM of its own, started from what is on disk.
	 */
	PROCESS

}
