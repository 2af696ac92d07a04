package dev.hotreload.logging;

import org.slf4j.MDC;

/**
 * The generation in the logging MDC under {@value #KEY}, so that log lines say which
 * generation wrote them: add {@code %X{hotreload.generation}} to the log pattern.
 */
public final class GenerationMdc {

	/** The MDC key. */
	public static final String KEY = "hotreload.generation";

	private GenerationMdc() {
	}

	/**
	 * Puts the generation in the MDC until the returned scope closes, restoring what was
	 * there before.
	 * @param generation the generation
	 * @return the scope
	 */
	public static Scope put(String generation) {
		String previous = MDC.get(KEY);
		MDC.put(KEY, generation);
		return () -> {
			if (previous == null) {
				MDC.remove(KEY);
			}
			else {
				MDC.put(KEY, previous);
			}
		};
	}

	/**
	 * Runs an action with the generation in the MDC.
	 * @param generation the generation
	 * @param action the action
	 */
	public static void run(int generation, Runnable action) {
		try (Scope scope = put(Integer.toString(generation))) {
			action.run();
		}
	}

	/**
	 * Restores the MDC when closed.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
