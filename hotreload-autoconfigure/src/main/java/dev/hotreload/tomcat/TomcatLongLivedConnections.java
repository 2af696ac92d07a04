package dev.hotreload.tomcat;

import java.time.Duration;

import jakarta.servlet.ServletContext;
import org.apache.catalina.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.longlived.GoingAwayPolicy;

/**
 * One generation's long-lived connections on Tomcat: its open WebSocket sessions and async
 * requests. When the generation drains they are told to go away, at drain start or after
 * the grace period ({@link GoingAwayPolicy}): each WebSocket session is closed with 1001
 * (going away) and reason {@code server reloading}, and each async request completed (an
 * SSE stream ends cleanly, and {@code EventSource} reconnects), so that their clients
 * reconnect, to the serving generation, instead of being cut at the drain timeout.
 *
 * <p>Installs itself in the generation's Tomcat as a context valve.
 */
public final class TomcatLongLivedConnections
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, GoingAwayConnections {

	private static final Log logger = LogFactory.getLog(TomcatLongLivedConnections.class);

	private static final boolean WEBSOCKET_PRESENT = ClassUtils.isPresent(
			"org.apache.tomcat.websocket.WsWebSocketContainer", TomcatLongLivedConnections.class.getClassLoader());

	private final int generation;

	private final GoingAwayPolicy policy;

	private final AsyncRequests asyncRequests = new AsyncRequests();

	private volatile boolean goneAway;

	/**
	 * @param generation the generation's number, for the log
	 * @param policy when its long-lived connections go away
	 */
	public TomcatLongLivedConnections(int generation, GoingAwayPolicy policy) {
		this.generation = generation;
		this.policy = policy;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextValves(this.asyncRequests);
	}

	/**
	 * How long after the drain started the long-lived connections go away.
	 * @return the delay, {@code null} for never
	 */
	@Override
	public @Nullable Duration goingAwayDelay() {
		return this.policy.delay();
	}

	public GoingAwayPolicy policy() {
		return this.policy;
	}

	/**
	 * The WebSocket sessions open now.
	 * @return how many
	 */
	@Override
	public int openWebSocketSessions() {
		ServletContext servletContext = servletContext();
		return (servletContext != null && WEBSOCKET_PRESENT) ? TomcatWebSocketSessions.open(servletContext).size() : 0;
	}

	/**
	 * The async requests not completed yet.
	 * @return how many
	 */
	public int openAsyncRequests() {
		return this.asyncRequests.open();
	}

	@Override
	public boolean hasGoneAway() {
		return this.goneAway;
	}

	/**
	 * Closes every open WebSocket session with 1001 and completes every open async
	 * request; async requests that start later are completed at once. Calling it again
	 * closes the sessions opened since.
	 */
	@Override
	public void goAway() {
		this.goneAway = true;
		int requests = this.asyncRequests.goAway();
		ServletContext servletContext = servletContext();
		int sessions = (servletContext != null && WEBSOCKET_PRESENT) ? TomcatWebSocketSessions.goAway(servletContext) : 0;
		if (sessions + requests > 0) {
			logger.info("Generation " + this.generation + " going away: closed " + sessions
					+ " WebSocket session(s) with 1001 and completed " + requests + " async request(s)");
		}
	}

	private @Nullable ServletContext servletContext() {
		return (this.asyncRequests.getContainer() instanceof Context context) ? context.getServletContext() : null;
	}

}
