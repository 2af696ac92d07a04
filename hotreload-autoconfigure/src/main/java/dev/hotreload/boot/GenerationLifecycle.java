package dev.hotreload.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.drain.DrainPolicy;
import dev.hotreload.drain.Drainable;
import dev.hotreload.drain.Drainer;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.longlived.GoingAwayPolicy;
import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.reload.DrainOutcome;

/**
 * A generation's place in its context's lifecycle. On start, the first generation begins
 * to serve. On stop, what happens depends on why the context closes: a retired generation
 * drains (keep-alive ends or connections move, HTTP/2 and long-lived connections are told
 * to go away as the generation's {@link GoingAwayPolicy} says, in-flight requests finish,
 * and at the drain timeout what is left is closed and counted); the serving generation
 * closing means the application shuts down, so accepting stops first; a generation that
 * never served has nothing to do.
 *
 * <p>It stops before Spring Boot's graceful shutdown, which then finds nothing in flight,
 * and before the management server's child context closes: it drains that server's
 * connector too.
 */
public class GenerationLifecycle implements SmartLifecycle {

	/** Stops just before the web server's graceful shutdown. */
	public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;

	private static final Log logger = LogFactory.getLog(GenerationLifecycle.class);

	private static final Duration DRAIN_CHECK_INTERVAL = Duration.ofMillis(25);

	private final ReloadableApplication application;

	private final Generation generation;

	private final @Nullable GoingAwayConnections longLived;

	private volatile Drainable goingAway = () -> true;

	private volatile boolean running;

	/**
	 * @param application the running application
	 * @param generation this lifecycle's generation
	 * @param longLived the generation's long-lived connections, {@code null} if they are
	 * not followed
	 */
	public GenerationLifecycle(ReloadableApplication application, Generation generation,
			@Nullable GoingAwayConnections longLived) {
		this.application = application;
		this.generation = generation;
		this.longLived = longLived;
	}

	@Override
	public void start() {
		this.running = true;
		this.application.generationStarted(this.generation);
	}

	@Override
	public void stop() {
		this.running = false;
		GenerationState state = this.generation.state();
		if (state == GenerationState.DRAINING) {
			drain();
		}
		else if (state == GenerationState.ACTIVE) {
			this.application.shutdown();
			finishInFlightRequests();
		}
	}

	/**
	 * Lets the requests in flight finish writing their responses before the web server
	 * stops (Spring Boot's graceful shutdown stops waiting when the servlet returns, a
	 * moment before the response is complete). Keep-alive ends and HTTP/2 connections get
	 * GOAWAY, so clients do not start new requests on their open connections meanwhile.
	 */
	private void finishInFlightRequests() {
		Collection<GenerationConnector> connectors = this.generation.connectors();
		connectors.forEach(GenerationConnector::stopKeepAlive);
		connectors.forEach(GenerationConnector::goAwayHttp2);
		if (this.longLived != null && this.longLived.goingAwayDelay() != null) {
			this.longLived.goAway();
		}
		try {
			Drainer.waitForWorkersToDrain(List.of(http2GoingAway(), () -> this.generation.inFlightRequests() == 0),
					this.application.currentSettings().drainTimeout(), DRAIN_CHECK_INTERVAL);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void drain() {
		Collection<GenerationConnector> connectors = this.generation.connectors();
		Duration timeout = this.application.currentSettings().drainTimeout();
		DrainMode mode = this.application.currentSettings().drainMode();
		int before = this.generation.openConnections();
		long begin = System.nanoTime();
		this.goingAway = goingAwayCheck(this.generation.drainingSince());
		boolean shouldDrain = DrainPolicy.shouldDrainRetired(this.generation.info(),
				this.application.currentGeneration(), timeout);
		// A retiring worker hands its connections to the serving worker, if it can reach it;
		// if not, its connectors cannot migrate and take the close path.
		boolean migrating = shouldDrain && mode == DrainMode.MIGRATE && startMigrating(connectors);
		if (!migrating) {
			connectors.forEach(GenerationConnector::stopKeepAlive);
		}
		// HTTP/2 connections cannot move (a processor stays attached): whatever the mode,
		// their clients are told to open new streams on a new connection, now if the policy
		// says so at drain start.
		this.goingAway.isDrained();
		boolean drained = shouldDrain && (migrating ? awaitMigrated(connectors, timeout)
				: awaitDrained(connectors, timeout));
		long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
		int migrated = connectors.stream().mapToInt(GenerationConnector::migratedConnections).sum();
		int forced = 0;
		if (drained) {
			logger.info("Generation " + this.generation.number() + " drained in " + millis + " ms"
					+ (migrating ? "; " + migrated + " connection(s) moved to the serving generation" : ""));
		}
		else if (this.application.isShuttingDown()) {
			logger.info("Generation " + this.generation.number()
					+ " stops draining: the application shuts down and its graceful shutdown takes over");
		}
		else {
			int connections = this.generation.openConnections();
			int requests = this.generation.inFlightRequests();
			logger.warn("Generation " + this.generation.number() + " did not drain within " + timeout + ": closing "
					+ connections + " connection(s) with " + requests + " request(s) in flight");
			forced = connections;
			this.application.localStatus().drainReport().forced().accept(connections);
			connectors.forEach(GenerationConnector::forceClose);
		}
		this.application.localStatus().drainReport()
			.ended()
			.accept(new DrainOutcome(this.generation.number(), migrating ? DrainMode.MIGRATE : DrainMode.CLOSE,
					migrated, Math.max(0, before - migrated - forced), forced));
	}

	/**
	 * Starts migrating on every connector that can; one that cannot (nothing serves after
	 * it, or a TLS configuration the reload changed) ends keep-alive instead.
	 * @return whether any connector migrates
	 */
	private static boolean startMigrating(Collection<GenerationConnector> connectors) {
		boolean any = false;
		for (GenerationConnector connector : connectors) {
			if (connector.startMigrating()) {
				any = true;
			}
			else {
				connector.stopKeepAlive();
			}
		}
		return any;
	}

	/**
	 * Waits while connections move: each check first hands over the connections idle by
	 * then. A connection whose client sends its next request before the old generation
	 * finds it idle stays busy; so that such a client cannot hold the old generation for the
	 * whole drain timeout, keep-alive ends at half of it for what is left (the
	 * {@code close} path).
	 */
	private boolean awaitMigrated(Collection<GenerationConnector> connectors, Duration timeout) {
		List<Drainable> migrating = connectors.stream().<Drainable>map((connector) -> () -> {
			connector.migrateIdleConnections();
			return connector.isDrained();
		}).toList();
		Duration half = timeout.dividedBy(2);
		if (awaitDrained(migrating, half)) {
			return true;
		}
		if (this.application.isShuttingDown()) {
			return false;
		}
		logger.info("Generation " + this.generation.number() + ": " + this.generation.openConnections()
				+ " connection(s) did not become idle within " + half + "; their next response closes them");
		connectors.forEach(GenerationConnector::stopKeepAlive);
		return awaitDrained(migrating, timeout.minus(half));
	}

	/**
	 * What tells the HTTP/2 and long-lived connections to go away once the policy's delay
	 * has passed since the generation began to drain, checked first at every check of the
	 * drain, whichever way connections leave. From then on each check sends GOAWAY to the
	 * HTTP/2 connections upgraded since and closes those that have had it for a moment with
	 * no stream open; WebSocket sessions opened since (an upgrade on a connection still with
	 * this generation) go too; async requests that start later are completed as they start.
	 * Before the delay, HTTP/2 clients go on opening streams here, so that one done within
	 * the grace never sees a GOAWAY. It never holds the drain up itself.
	 */
	private Drainable goingAwayCheck(long drainingSince) {
		Duration delay = this.generation.settings().goingAway().delay();
		if (delay == null) {
			return () -> true;
		}
		Collection<GenerationConnector> connectors = this.generation.connectors();
		GoingAwayConnections longLived = this.longLived;
		return () -> {
			if (System.nanoTime() - drainingSince >= delay.toNanos()) {
				connectors.forEach(GenerationConnector::goAwayHttp2);
				if (longLived != null && (!longLived.hasGoneAway() || longLived.openWebSocketSessions() > 0)) {
					longLived.goAway();
				}
			}
			return true;
		};
	}

	/**
	 * What sends GOAWAY to the HTTP/2 connections at shutdown, whatever the going-away
	 * policy (nothing serves their clients' next streams otherwise), to those upgraded since
	 * the last check too, and closes those that have had it for a moment with no stream
	 * open. It never holds the drain up itself.
	 */
	private Drainable http2GoingAway() {
		Collection<GenerationConnector> connectors = this.generation.connectors();
		return () -> {
			connectors.forEach(GenerationConnector::goAwayHttp2);
			return true;
		};
	}

	private boolean awaitDrained(Collection<? extends Drainable> connectors, Duration timeout) {
		List<Drainable> checks = new ArrayList<>();
		checks.add(this.goingAway);
		checks.addAll(connectors);
		try {
			return Drainer.waitForWorkersToDrain(checks, timeout, DRAIN_CHECK_INTERVAL,
					this.application::isShuttingDown);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
