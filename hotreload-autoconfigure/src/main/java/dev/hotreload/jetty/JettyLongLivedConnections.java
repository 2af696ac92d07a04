package dev.hotreload.jetty;

import java.time.Duration;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.longlived.GoingAwayPolicy;

/**
 * One generation's long-lived connections on Jetty: its async requests (SSE streams, long
 * polls) and the WebSocket sessions of its Jetty WebSocket container (Spring's
 * {@code WebSocketHandler}s) and of its Jakarta one ({@code @ServerEndpoint}s), ended when the
 * generation drains as its {@link GoingAwayPolicy} says (async requests completed, sessions
 * closed with 1001), so that their clients reconnect to the serving generation.
 */
public final class JettyLongLivedConnections
		implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, GoingAwayConnections {

	private static final Log logger = LogFactory.getLog(JettyLongLivedConnections.class);

	private static final boolean WEBSOCKET_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer",
			JettyLongLivedConnections.class.getClassLoader());

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent(
			"org.eclipse.jetty.ee11.websocket.jakarta.server.JakartaWebSocketServerContainer",
			JettyLongLivedConnections.class.getClassLoader());

	private final int generation;

	private final GoingAwayPolicy policy;

	private final AsyncRequestsFilter asyncRequests = new AsyncRequestsFilter();

	private volatile boolean goneAway;

	private volatile @Nullable ServletContext servletContext;

	/**
	 * @param generation the generation's number, for the log
	 * @param policy when its long-lived connections go away
	 */
	public JettyLongLivedConnections(int generation, GoingAwayPolicy policy) {
		this.generation = generation;
		this.policy = policy;
	}

	@Override
	public void customize(JettyServletWebServerFactory factory) {
		factory.addInitializers((servletContext) -> {
			this.servletContext = servletContext;
			FilterRegistration.Dynamic registration = servletContext.addFilter("hotReloadAsyncRequests",
					this.asyncRequests);
			registration.setAsyncSupported(true);
			registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
		});
	}

	@Override
	public @Nullable Duration goingAwayDelay() {
		return this.policy.delay();
	}

	/**
	 * The async requests not completed yet.
	 * @return how many
	 */
	public int openAsyncRequests() {
		return this.asyncRequests.open();
	}

	@Override
	public void goAway() {
		this.goneAway = true;
		int requests = this.asyncRequests.goAway();
		ServletContext context = this.servletContext;
		int sessions = 0;
		if (context != null && WEBSOCKET_PRESENT) {
			sessions += JettyWebSocketSessions.goAway(context);
		}
		if (context != null && JAKARTA_WEBSOCKET_PRESENT) {
			sessions += JakartaWebSocketSessions.goAway(context);
		}
		if (sessions + requests > 0) {
			logger.info("Generation " + this.generation + " going away: closed " + sessions
					+ " WebSocket session(s) with 1001 and completed " + requests + " async request(s)");
		}
	}

	@Override
	public boolean hasGoneAway() {
		return this.goneAway;
	}

	@Override
	public int openWebSocketSessions() {
		ServletContext context = this.servletContext;
		int open = 0;
		if (context != null && WEBSOCKET_PRESENT) {
			open += JettyWebSocketSessions.open(context).size();
		}
		if (context != null && JAKARTA_WEBSOCKET_PRESENT) {
			open += JakartaWebSocketSessions.open(context).size();
		}
		return open;
	}

}
