package dev.hotreload.fleet;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The fleet's own thread. At every heartbeat this instance announces itself (while this
 * JVM serves it), forgets the members silent for three heartbeats, repeats how the rollout
 * it coordinates stands, and calls abandoned a rollout whose coordinator went silent. In
 * between, it sends what must not wait on the thread that asked for it.
 */
final class FleetHeartbeat implements Executor {

	private static final Log logger = LogFactory.getLog(FleetHeartbeat.class);

	private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "hotreload-fleet");
		thread.setDaemon(true);
		return thread;
	});

	private final FleetSettings settings;

	private final FleetMembership membership;

	private final FleetRollouts rollouts;

	private final BooleanSupplier serving;

	FleetHeartbeat(FleetSettings settings, FleetMembership membership, FleetRollouts rollouts,
			BooleanSupplier serving) {
		this.settings = settings;
		this.membership = membership;
		this.rollouts = rollouts;
		this.serving = serving;
	}

	/**
	 * Starts the heartbeat, one period from now.
	 */
	void start() {
		long period = this.settings.heartbeat().toMillis();
		this.thread.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void execute(Runnable task) {
		this.thread.execute(task);
	}

	/**
	 * Stops the heartbeat and what waits to be sent.
	 */
	void stop() {
		this.thread.shutdownNow();
	}

	private void beat() {
		try {
			if (this.serving.getAsBoolean()) {
				this.membership.announceQuietly("HEARTBEAT", null);
			}
			this.membership.forgetSilent(this.settings.heartbeat().multipliedBy(3));
			this.rollouts.publishCoordinated();
			this.rollouts.abandonSilent();
		}
		catch (RuntimeException ex) {
			logger.warn("Fleet heartbeat failed", ex);
		}
	}

}
