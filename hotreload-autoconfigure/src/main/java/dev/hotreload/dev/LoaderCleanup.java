package dev.hotreload.dev;

/**
 * Forgets what JVM-wide caches hold of a closed generation's classes, so that its class
 * loader can be collected.
 */
@FunctionalInterface
public interface LoaderCleanup {

	/**
	 * Forgets a class loader's classes.
	 * @param loader a closed generation's class loader
	 */
	void forget(ClassLoader loader);

}
