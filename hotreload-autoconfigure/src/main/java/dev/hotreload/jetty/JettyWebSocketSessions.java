package dev.hotreload.jetty;

import java.util.Collection;
import java.util.List;

import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The WebSocket sessions of one generation's Jetty: those its Jetty WebSocket container
 * (the one Spring's WebSocket handlers upgrade through on Jetty) has open. Going away
 * closes each with 1001 and reason {@code server reloading}, so that its client reconnects,
 * to the serving generation. Only called when Jetty's WebSocket server is on the class path.
 */
final class JettyWebSocketSessions {

	static final String REASON = "server reloading";

	private JettyWebSocketSessions() {
	}

	static Collection<Session> open(ServletContext servletContext) {
		JettyWebSocketServerContainer container = JettyWebSocketServerContainer.getContainer(servletContext);
		return (container != null) ? List.copyOf(container.getOpenSessions()) : List.of();
	}

	/**
	 * Closes every open session with 1001.
	 * @param servletContext the generation's servlet context
	 * @return how many were told to close
	 */
	static int goAway(ServletContext servletContext) {
		int closed = 0;
		for (Session session : open(servletContext)) {
			if (session.isOpen()) {
				session.close(StatusCode.SHUTDOWN, REASON, Callback.NOOP);
				closed++;
			}
		}
		return closed;
	}

}
