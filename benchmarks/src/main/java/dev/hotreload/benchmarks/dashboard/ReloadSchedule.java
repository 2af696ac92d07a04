package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * Reloads at even intervals over the run, with steady load before the first and after
 * the last, and breaks the config for the reload in the middle so the charts show a
 * failure between successes.
 */
final class ReloadSchedule {

	private final SampleClient client;

	private final FailingReloadConfig config;

	private final PrintStream out;

	ReloadSchedule(SampleClient client, FailingReloadConfig config, PrintStream out) {
		this.client = client;
		this.config = config;
		this.out = out;
	}

	/**
	 * Posts the reloads, each at its time, and returns once the run's time is up.
	 * @param seconds how long the run lasts
	 * @param successfulReloads how many reloads should succeed; one failing reload comes on top
	 * @param startNanos when the run started ({@link System#nanoTime()})
	 * @return every reload posted, in order
	 * @throws IOException if a reload request or the config file fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	List<ScheduledReload> run(int seconds, int successfulReloads, long startNanos)
			throws IOException, InterruptedException {
		int reloads = successfulReloads + 1;
		int failing = successfulReloads / 2 + 1;
		// reloads + 1 equal slots: no reload at the very start nor at the very end.
		long slotNanos = TimeUnit.SECONDS.toNanos(seconds) / (reloads + 1);
		List<ScheduledReload> posted = new ArrayList<>();
		for (int i = 1; i <= reloads; i++) {
			sleepUntil(startNanos + i * slotNanos);
			ScheduledReload reload = post(i == failing, startNanos);
			posted.add(reload);
			ReloadResponse response = reload.response();
			this.out.printf("  reload %d/%d at %4.1f s: HTTP %d %s, generation %d%s%n", i, reloads, reload.seconds(),
					response.status(), response.outcome(), response.generation(),
					reload.meantToFail() ? " (config broken on purpose)" : "");
		}
		sleepUntil(startNanos + TimeUnit.SECONDS.toNanos(seconds));
		return posted;
	}

	private ScheduledReload post(boolean fail, long startNanos) throws IOException {
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		if (!fail) {
			return new ScheduledReload(seconds, false, this.client.reload());
		}
		this.config.breakNextReload();
		try {
			return new ScheduledReload(seconds, true, this.client.reload());
		}
		finally {
			// Only this reload fails: the next one reads the repaired file.
			this.config.repair();
		}
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long remaining = nanos - System.nanoTime();
		if (remaining > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
	}

}
