package dev.hotreload.reload;

/**
 * What a reload starts: the two kinds of generation.
 */
public enum ReloadKind {

	/**
	 * A new application context in the serving JVM: configuration and beans are new, the
	 * code is the code already loaded. Fast; the only kind outside process mode.
	 */
	CONTEXT,

	/**
	 * A new worker JVM started from what is on disk now: new code, new dependencies, new
	 * JVM options. Process mode only ({@code hotreload.mode=process}).
	 */
	PROCESS

}
