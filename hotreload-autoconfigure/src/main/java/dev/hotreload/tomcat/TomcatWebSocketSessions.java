package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.jspecify.annotations.Nullable;

import dev.hotreload.longlived.JakartaSessionsGoingAway;

/**
 * The WebSocket sessions of one generation's Tomcat: its {@code WsServerContainer} (one
 * per servlet context, so one per generation) keeps every server session it opened,
 * however it was opened: Spring WebSocket handlers (Spring's Tomcat upgrade strategy opens
 * them on this container), {@code @ServerEndpoint}s, programmatic endpoints. That registry
 * is what Tomcat closes with 1001 when the context stops ({@code destroy()}). Tomcat has
 * no public accessor for it, so it is read by reflection; a Tomcat without that field
 * falls back to {@code destroy()} itself, which sends the same 1001 with Tomcat's reason
 * phrase. Listing the endpoints instead ({@code Configurator}s, Spring handler
 * decorators) would miss whatever was not registered through the one that is wrapped.
 */
final class TomcatWebSocketSessions {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketSessions.class);

	private static final @Nullable Field SESSIONS = sessionsField();

	private TomcatWebSocketSessions() {
	}

	private static @Nullable Field sessionsField() {
		try {
			Field field = WsWebSocketContainer.class.getDeclaredField("sessions");
			field.setAccessible(true);
			return Map.class.isAssignableFrom(field.getType()) ? field : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Tomcat's WebSocket session registry cannot be read; going away falls back to destroy()", ex);
			return null;
		}
	}

	/**
	 * The open sessions of a servlet context's WebSocket container.
	 * @param servletContext the generation's servlet context
	 * @return the open sessions, empty without a container or if they cannot be read
	 */
	static List<Session> open(ServletContext servletContext) {
		WsWebSocketContainer container = container(servletContext);
		if (container == null || SESSIONS == null) {
			return List.of();
		}
		try {
			Map<?, ?> sessions = (Map<?, ?>) SESSIONS.get(container);
			return sessions.keySet().stream().map(Session.class::cast).filter(Session::isOpen).toList();
		}
		catch (IllegalAccessException ex) {
			return List.of();
		}
	}

	/**
	 * Closes every open session of a servlet context's WebSocket container with 1001.
	 * @param servletContext the generation's servlet context
	 * @return how many were closed
	 */
	static int goAway(ServletContext servletContext) {
		WsWebSocketContainer container = container(servletContext);
		if (container == null) {
			return 0;
		}
		if (SESSIONS == null) {
			container.destroy();
			return 0;
		}
		return JakartaSessionsGoingAway.close(open(servletContext));
	}

	private static @Nullable WsWebSocketContainer container(ServletContext servletContext) {
		Object container = servletContext.getAttribute(ServerContainer.class.getName());
		return (container instanceof WsWebSocketContainer tomcat) ? tomcat : null;
	}

}
