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

import dev.hotreload.drain.DrainPolicy;
import dev.hotreload.drain.Drainable;
import dev.hotreload.drain.Drainer;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.longlived.LongLivedConnections;

/**
 * A generation's place in its context's lifecycle. On start, the first generation begins
 * to serve. On stop, what happens depends on why the context closes: a retired generation
 * drains (keep-alive ends, in-flight requests finish, and at the drain timeout what is left
 * is closed and counted); the serving generation closing means the application shuts
 * down, so accepting stops first; a generation that never served has nothing to do.
 *
 * <p>A draining generation's long-lived connections (WebSocket sessions, SSE streams and
 * other async requests) are told to go away at drain start or after the grace period, as
 * {@code hotreload.drain.going-away} says, so that their clients reconnect to the serving
 * generation; at shutdown they go away at once (unless that is {@code never}).
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

	private final @Nullable LongLivedConnections longLived;

	private volatile boolean running;

	public GenerationLifecycle(ReloadableApplication application, Generation generation) {
		this(application, generation, null);
	}

	/**
	 * @param application the running application
	 * @param generation this lifecycle's generation
	 * @param longLived the generation's long-lived connections, {@code null} if they are
	 * not followed
	 */
	public GenerationLifecycle(ReloadableApplication application, Generation generation,
			@Nullable LongLivedConnections longLived) {
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
	 * moment before the response is complete). Keep-alive ends, so clients do not start
	 * new requests on their open connections meanwhile.
	 */
	private void finishInFlightRequests() {
		Collection<GenerationConnector> connectors = this.generation.connectors();
		connectors.forEach(GenerationConnector::stopKeepAlive);
		if (this.longLived != null && this.longLived.goingAwayDelay() != null) {
			this.longLived.goAway();
		}
		try {
			Drainer.waitForWorkersToDrain(List.of(() -> this.generation.inFlightRequests() == 0),
					this.application.currentSettings().drainTimeout(), DRAIN_CHECK_INTERVAL);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void drain() {
		Collection<GenerationConnector> connectors = this.generation.connectors();
		connectors.forEach(GenerationConnector::stopKeepAlive);
		Duration timeout = this.application.currentSettings().drainTimeout();
		long begin = System.nanoTime();
		boolean drained = DrainPolicy.shouldDrainWorker(this.generation.info(),
				this.application.currentGeneration(), timeout) && awaitDrained(connectors, timeout);
		long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
		if (drained) {
			logger.info("Generation " + this.generation.number() + " drained in " + millis + " ms");
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
			this.application.drainForced(connections);
			connectors.forEach(GenerationConnector::forceClose);
		}
	}

	private boolean awaitDrained(Collection<GenerationConnector> connectors, Duration timeout) {
		try {
			LongLivedConnections longLived = this.longLived;
			Duration delay = (longLived != null) ? longLived.goingAwayDelay() : null;
			if (longLived == null || delay == null || delay.compareTo(timeout) >= 0) {
				return Drainer.waitForWorkersToDrain(connectors, timeout, DRAIN_CHECK_INTERVAL,
						this.application::isShuttingDown);
			}
			long begin = System.nanoTime();
			if (!delay.isZero() && Drainer.waitForWorkersToDrain(connectors, delay, DRAIN_CHECK_INTERVAL,
					this.application::isShuttingDown)) {
				return true;
			}
			longLived.goAway();
			if (this.application.isShuttingDown()) {
				return false;
			}
			// WebSocket sessions opened since (an upgrade on a kept-alive connection) go too,
			// checked first at every check (the connectors after it are checked only while
			// the ones before are drained); async requests that start later are completed
			// as they start.
			List<Drainable> drained = new ArrayList<>();
			drained.add(() -> {
				if (longLived.openWebSocketSessions() > 0) {
					longLived.goAway();
				}
				return true;
			});
			drained.addAll(connectors);
			Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - begin));
			return Drainer.waitForWorkersToDrain(drained, left.isNegative() ? Duration.ZERO : left,
					DRAIN_CHECK_INTERVAL, this.application::isShuttingDown);
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
