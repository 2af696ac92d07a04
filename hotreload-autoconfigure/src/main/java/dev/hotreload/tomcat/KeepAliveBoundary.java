package dev.hotreload.tomcat;

/**
 * Whether the worker thread has answered a request in the connection handler's current
 * {@code process} call: {@link GenerationRequestValve} marks it when a request returns
 * from the application, {@link MigratingConnectionHandler} clears it around each call.
 * After the mark, the processor's next non-blocking read with nothing buffered is the
 * read of the next request's first bytes, the keep-alive boundary.
 */
final class KeepAliveBoundary {

	private static final ThreadLocal<Boolean> ANSWERED = new ThreadLocal<>();

	private KeepAliveBoundary() {
	}

	static void answered() {
		ANSWERED.set(Boolean.TRUE);
	}

	static boolean isAnswered() {
		return ANSWERED.get() != null;
	}

	static void clear() {
		ANSWERED.remove();
	}

}
