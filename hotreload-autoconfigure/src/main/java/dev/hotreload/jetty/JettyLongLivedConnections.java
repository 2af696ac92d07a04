package dev.hotreload.jetty;

import java.time.Duration;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.longlived.GoingAwayPolicy;

/**
 * One generation's long-lived connections on Jetty: its async requests (SSE streams, long
 * polls), ended when the generation drains as its {@link GoingAwayPolicy} says, so that
 * their clients reconnect to the serving generation. WebSocket sessions are not followed
 * on Jetty yet: they stay until the drain timeout.
 */
public final class JettyLongLivedConnections
		implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, GoingAwayConnections {

	private static final Log logger = LogFactory.getLog(JettyLongLivedConnections.class);

	private final int generation;

	private final GoingAwayPolicy policy;

	private final AsyncRequestsFilter asyncRequests = new AsyncRequestsFilter();

	private volatile boolean goneAway;

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
		if (requests > 0) {
			logger.info("Generation " + this.generation + " going away: completed " + requests + " async request(s)");
		}
	}

	@Override
	public boolean hasGoneAway() {
		return this.goneAway;
	}

	@Override
	public int openWebSocketSessions() {
		return 0;
	}

}
