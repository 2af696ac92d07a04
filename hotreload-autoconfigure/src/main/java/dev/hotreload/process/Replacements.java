package dev.hotreload.process;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * When no worker serves because one died, starts a replacement: at once after a worker
 * that had run for a while, and after a pause that doubles (0.5 s, 1 s, 2 s ... up to 30 s)
 * while replacements keep dying or failing to start. Connections wait in the accept queue
 * meanwhile.
 */
final class Replacements {

	private static final Log logger = LogFactory.getLog(Replacements.class);

	private static final Duration MAX_DELAY = Duration.ofSeconds(30);

	private static final Duration STABLE_UPTIME = Duration.ofSeconds(30);

	private final ScheduledExecutorService timer;

	private final Runnable replace;

	private int inARow;

	/**
	 * @param timer runs the replacement when its time comes
	 * @param replace starts a replacement (requests a process reload)
	 */
	Replacements(ScheduledExecutorService timer, Runnable replace) {
		this.timer = timer;
		this.replace = replace;
	}

	/**
	 * A worker that served died on its own.
	 */
	synchronized void died(WorkerProcess worker, int code) {
		if (worker.uptime().compareTo(STABLE_UPTIME) >= 0) {
			this.inARow = 0;
		}
		schedule(worker + " exited on its own with code " + code + "; its last lines:\n" + worker.tail());
	}

	/**
	 * A replacement did not start, and still nothing serves.
	 */
	synchronized void failed() {
		schedule("No worker serves: the replacement did not start");
	}

	private void schedule(String why) {
		this.inARow++;
		long delay = (this.inARow <= 1) ? 0
				: Math.min(MAX_DELAY.toMillis(), 500L << Math.min(this.inARow - 2, 10));
		logger.error(why + "\nStarting a replacement" + ((delay > 0) ? " in " + delay + " ms (attempt " + this.inARow
				+ " in a row)" : "") + "; connections wait in the accept queue meanwhile");
		this.timer.schedule(this.replace, delay, TimeUnit.MILLISECONDS);
	}

}
