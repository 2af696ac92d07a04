package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Takes a connection away from Tomcat the way {@link SocketWrapperBase#close()} does,
 * without closing it.
 *
 * <p>Every path that ends a Tomcat connection (the worker after an error, the poller on a
 * timeout or a cancelled key, the endpoint stopping) goes through {@code close()}, which
 * does its work only if it wins {@code closed.compareAndSet(false, true)}. Winning that
 * same compare-and-set here means no other thread will ever close the socket or count the
 * connection down, and every later {@code close()} is a no-op; losing it means Tomcat is
 * closing the connection already and it must not move. {@code closed} is protected, hence
 * the reflection (the classpath is not modular, so it is allowed).
 */
final class SocketWrapperClaim {

	private static final Field CLOSED;

	static {
		try {
			CLOSED = SocketWrapperBase.class.getDeclaredField("closed");
			CLOSED.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private SocketWrapperClaim() {
	}

	/**
	 * Marks a connection closed for Tomcat without closing its socket.
	 * @param wrapper the connection
	 * @return {@code true} if this call won: the socket is now the caller's
	 */
	static boolean claim(SocketWrapperBase<?> wrapper) {
		try {
			return ((AtomicBoolean) CLOSED.get(wrapper)).compareAndSet(false, true);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
