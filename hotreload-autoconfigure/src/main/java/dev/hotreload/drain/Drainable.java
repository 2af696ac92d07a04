package dev.hotreload.drain;

/**
 * Something that finishes its work before it can be closed: a generation's connector.
 */
@FunctionalInterface
public interface Drainable {

	/**
	 * Whether nothing is left: no request in flight and no connection open.
	 * @return {@code true} when drained
	 */
	boolean isDrained();

}
