package dev.hotreload.logging;

import java.util.function.Supplier;

/**
 * Marks the threads that close a generation while another one lives on: an old
 * generation that drained, a new one that failed to start. Spring Boot cleans up the
 * logging system when a context closes or fails, which removes the JUL bridge that Tomcat
 * logs through; on these threads {@link GenerationAwareLoggingSystem} skips that cleanup,
 * since logging belongs to the JVM, not to one generation.
 */
public final class LoggingCleanupGuard {

	private static final ThreadLocal<Boolean> SUPPRESSED = new ThreadLocal<>();

	private LoggingCleanupGuard() {
	}

	/**
	 * Runs an action during which logging is not cleaned up on this thread.
	 * @param action the action
	 */
	public static void runSuppressingCleanup(Runnable action) {
		callSuppressingCleanup(() -> {
			action.run();
			return null;
		});
	}

	/**
	 * Calls an action during which logging is not cleaned up on this thread.
	 * @param <T> the result type
	 * @param action the action
	 * @return its result
	 */
	public static <T> T callSuppressingCleanup(Supplier<T> action) {
		Boolean previous = SUPPRESSED.get();
		SUPPRESSED.set(Boolean.TRUE);
		try {
			return action.get();
		}
		finally {
			if (previous == null) {
				SUPPRESSED.remove();
			}
			else {
				SUPPRESSED.set(previous);
			}
		}
	}

	static boolean isCleanupSuppressed() {
		return Boolean.TRUE.equals(SUPPRESSED.get());
	}

}
