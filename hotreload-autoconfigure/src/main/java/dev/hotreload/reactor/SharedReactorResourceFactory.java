package dev.hotreload.reactor;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * A {@link ReactorResourceFactory} for one generation that leaves Reactor Netty's global
 * resources ({@code HttpResources}) alone when the generation's context closes.
 * <p>
 * Those resources are JVM-wide: every generation's factory holds the same instance, and a
 * new generation starts before the old one closes. Spring's factory disposes them when its
 * context stops, so closing a retired generation would dispose the event loops and
 * connection pool the live generation holds; and each disposal waits on a timeout
 * scheduled on Reactor's JVM-wide parallel scheduler, whose worker threads start one by
 * one (up to one per CPU) as retired generations close. They live as long as the JVM, as
 * the JVM-wide resources do. A factory with resources of its own (not global) disposes
 * them as before.
 */
public class SharedReactorResourceFactory extends ReactorResourceFactory {

	private volatile boolean stopped;

	@Override
	public void start() {
		this.stopped = false;
		super.start();
	}

	@Override
	public void stop() {
		if (isUseGlobalResources()) {
			this.stopped = true;
			return;
		}
		super.stop();
	}

	@Override
	public boolean isRunning() {
		return !this.stopped && super.isRunning();
	}

}
