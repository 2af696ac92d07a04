package dev.hotreload.drain;

/**
 * What happens to an old generation's keep-alive connections after a switch.
 */
public enum DrainMode {

	/**
	 * HTTP/1.1 connections between requests are handed, still open, to the serving
	 * generation, TLS ones with their session; those that cannot move (TLS whose
	 * configuration the reload changed, HTTP/2, upgraded) take the {@link #CLOSE} path.
	 */
	MIGRATE,

	/**
	 * Each connection's next response carries {@code Connection: close}; what is left at
	 * the drain timeout is closed by force.
	 */
	CLOSE

}
