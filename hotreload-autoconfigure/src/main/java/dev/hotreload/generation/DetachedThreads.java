package dev.hotreload.generation;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Starts hotreload's own daemon threads detached from the thread that asks for them,
 * which may be a generation's (a request thread, say). A new thread inherits its
 * creator's context class loader and, before Java 24, its access control context: the
 * protection domain, and so the class loader, of every class on the creator's stack and
 * of every thread that created the creator. Passed on from thread to thread, reload after
 * reload, that context kept every generation's class loader alive.
 */
public final class DetachedThreads {

	private static final boolean INHERITS_ACCESS_CONTROL_CONTEXT = Runtime.version().feature() < 24;

	private DetachedThreads() {
	}

	/**
	 * Starts a daemon thread.
	 * @param name the thread's name
	 * @param contextClassLoader its context class loader: one that outlives every
	 * generation
	 * @param task what it runs
	 */
	public static void start(String name, ClassLoader contextClassLoader, Runnable task) {
		Thread thread = INHERITS_ACCESS_CONTROL_CONTEXT ? withoutCallersContext(name, task) : new Thread(task, name);
		thread.setContextClassLoader(contextClassLoader);
		thread.setDaemon(true);
		thread.start();
	}

	// In a privileged action the context ends at this class, without the callers' domains:
	// Java 17 has no other way to start a thread without its creator's context.
	@SuppressWarnings("removal")
	private static Thread withoutCallersContext(String name, Runnable task) {
		return AccessController.doPrivileged((PrivilegedAction<Thread>) () -> new Thread(task, name));
	}

}
