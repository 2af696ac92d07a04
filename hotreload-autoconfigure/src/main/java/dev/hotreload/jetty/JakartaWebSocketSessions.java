package dev.hotreload.jetty;

import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee11.websocket.jakarta.server.JakartaWebSocketServerContainer;

import dev.hotreload.longlived.JakartaSessionsGoingAway;

/**
 * The Jakarta WebSocket sessions of one generation's Jetty: those its Jakarta container
 * ({@code @ServerEndpoint}s and programmatic endpoints, which Spring's
 * {@code ServerEndpointExporter} registers there) has open. Jetty keeps them apart from
 * its Jetty WebSocket container's ({@link JettyWebSocketSessions}), in the container's
 * own session tracker, which it lists publicly. Going away closes each with 1001 and
 * reason {@code server reloading}, so that its client reconnects, to the serving
 * generation. Only called when Jetty's Jakarta WebSocket server is on the class path.
 */
final class JakartaWebSocketSessions {

	private JakartaWebSocketSessions() {
	}

	/**
	 * The sessions that can still send: Jakarta's {@code isOpen()} stays true after the
	 * close frame went out, until the client answers it, and a drain that counted those
	 * would close them again at each check.
	 * @param servletContext the generation's servlet context
	 * @return those sessions, none without a Jakarta container
	 */
	static List<Session> open(ServletContext servletContext) {
		JakartaWebSocketServerContainer container = JakartaWebSocketServerContainer.getContainer(servletContext);
		if (container == null) {
			return List.of();
		}
		return container.getOpenSessions().stream().filter(JakartaWebSocketSessions::canSend).toList();
	}

	private static boolean canSend(Session session) {
		return (session instanceof JakartaWebSocketSession jetty) ? jetty.getCoreSession().isOutputOpen()
				: session.isOpen();
	}

	/**
	 * Closes every open session with 1001; Jetty writes the close frame without blocking.
	 * @param servletContext the generation's servlet context
	 * @return how many were told to close
	 */
	static int goAway(ServletContext servletContext) {
		return JakartaSessionsGoingAway.close(open(servletContext));
	}

}
