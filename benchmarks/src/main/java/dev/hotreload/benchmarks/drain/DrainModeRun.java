package dev.hotreload.benchmarks.drain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.drain.KeepAliveClient.Counts;
import dev.hotreload.benchmarks.drain.KeepAliveClient.Snapshot;
import dev.hotreload.benchmarks.sample.PrometheusText;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * One drain mode under load: a fresh sample JVM with {@code hotreload.drain.mode} set (in
 * process mode, a supervisor whose reloads start worker JVMs),
 * idle and busy keep-alive clients, then reloads one after another, each measured from
 * its POST until the old generation has closed: how long the drain took and how its
 * connections left (the application's own counters), and what the clients saw meanwhile
 * (reconnects, failed requests).
 */
final class DrainModeRun {

	private static final Duration DRAIN_WAIT = Duration.ofSeconds(90);

	/** The reload timeout the sample gets, and a little more. */
	private static final Duration RELOAD_WAIT = Duration.ofSeconds(200);

	private static final Duration DURATION_WAIT = Duration.ofSeconds(5);

	private final DrainModeOptions options;

	private final String reloadMode;

	private final String mode;

	DrainModeRun(DrainModeOptions options, String reloadMode, String mode) {
		this.options = options;
		this.reloadMode = reloadMode;
		this.mode = mode;
	}

	/**
	 * Runs the reloads; stops the clients and the sample JVM, also when it fails.
	 * @param log where the sample's output goes
	 * @return one row per reload
	 */
	List<DrainedReload> run(Path log) throws IOException, InterruptedException {
		// Tomcat ends a keep-alive connection after 100 requests by default: unlimited here, so
		// that every reconnect counted is one a reload caused.
		// A worker JVM may take long to start on a loaded machine: the default 60 s reload timeout
		// would fail the run, not measure the drain.
		List<String> arguments = List.of("--hotreload.mode=" + this.reloadMode, "--hotreload.drain.mode=" + this.mode,
				"--hotreload.drain-timeout=" + this.options.drainTimeoutMillis() + "ms",
				"--server.tomcat.max-keep-alive-requests=-1", "--hotreload.reload-timeout=180s");
		List<DrainedReload> reloads = new ArrayList<>();
		try (SampleProcess sample = SampleProcess.start(SampleLaunchCommand.forThisJvm(), List.of(), arguments, log);
				SampleClient client = new SampleClient(sample.port())) {
			sample.awaitFirstHello(client);
			Counts counts = new Counts();
			List<KeepAliveClient> clients = startClients(sample.port(), counts);
			try {
				Thread.sleep(this.options.settleMillis());
				for (int i = 1; i <= this.options.reloads(); i++) {
					reloads.add(reload(i, sample, client, counts));
					Thread.sleep(this.options.settleMillis());
				}
			}
			finally {
				clients.forEach(KeepAliveClient::stop);
			}
		}
		return reloads;
	}

	private List<KeepAliveClient> startClients(int port, Counts counts) {
		List<KeepAliveClient> clients = new ArrayList<>();
		for (int i = 0; i < this.options.idleClients() + this.options.busyClients(); i++) {
			Duration pause = (i < this.options.idleClients()) ? Duration.ofMillis(this.options.idleMillis())
					: Duration.ZERO;
			KeepAliveClient client = new KeepAliveClient(port, pause, counts);
			Thread thread = new Thread(client, "keep-alive-client-" + i);
			thread.setDaemon(true);
			thread.start();
			clients.add(client);
		}
		return clients;
	}

	private DrainedReload reload(int number, SampleProcess sample, SampleClient client, Counts counts)
			throws IOException, InterruptedException {
		Snapshot before = counts.snapshot();
		Drains drainsBefore = Drains.of(client.prometheus());
		ReloadResponse response = this.reloadMode.equals("process") ? hangUp(sample, client) : client.reload();
		if (!response.succeeded()) {
			throw new IllegalStateException("Reload " + number + " answered " + response.status() + ": "
					+ response.body().strip());
		}
		Drains drainsAfter = awaitDrain(client, drainsBefore);
		Drains drain = drainsAfter.minus(drainsBefore);
		// An idle client comes back within one pause and finds its connection open, closed or
		// broken; a broken one reconnects after one more pause.
		Thread.sleep(2L * this.options.idleMillis() + 500);
		Snapshot seen = counts.snapshot().minus(before);
		// -1: the drain's duration was not reported.
		long drainMillis = (drain.count() > 0) ? Math.round(drain.seconds() * 1000) : -1;
		return new DrainedReload(this.reloadMode, this.mode, number, drainMillis, whole(drain.migrated()),
				whole(drain.closed()), whole(drain.forced()), seen.connections(), seen.failed(), seen.succeeded());
	}

	/**
	 * A process reload by SIGHUP to the supervisor, as an operator sends it: a POST would be
	 * answered by the worker that retires, and a worker JVM starting on a loaded machine can
	 * take longer than its drain timeout.
	 */
	private static ReloadResponse hangUp(SampleProcess sample, SampleClient client)
			throws IOException, InterruptedException {
		int generation = client.helloGeneration();
		new ProcessBuilder("kill", "-HUP", Long.toString(sample.pid())).inheritIO().start().waitFor();
		long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
		while (true) {
			ReloadResponse last = client.lastReload();
			if (last.generation() > generation) {
				return last;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("No reload ended within " + RELOAD_WAIT + " of SIGHUP");
			}
			Thread.sleep(100);
		}
	}

	private static Drains awaitDrain(SampleClient client, Drains before) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
		long connectionsCounted = 0;
		while (true) {
			Drains now = Drains.of(client.prometheus());
			if (now.count() > before.count()) {
				return now;
			}
			// In process mode the retired worker's drain duration has been seen not to reach the
			// supervisor (its connection counts do): the drain ended once those are counted.
			if (now.connections() > before.connections() && connectionsCounted == 0) {
				connectionsCounted = System.nanoTime();
			}
			if (connectionsCounted != 0 && System.nanoTime() - connectionsCounted > DURATION_WAIT.toNanos()) {
				return now;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The old generation did not finish draining within " + DRAIN_WAIT);
			}
			Thread.sleep(20);
		}
	}

	/**
	 * The application's drain counters at one moment.
	 */
	private record Drains(double count, double seconds, double migrated, double closed, double forced) {

		static Drains of(String metrics) {
			String connections = "hotreload_drain_connections_total{outcome=";
			return new Drains(PrometheusText.sum(metrics, "hotreload_drain_duration_seconds_count"),
					PrometheusText.sum(metrics, "hotreload_drain_duration_seconds_sum"),
					PrometheusText.sum(metrics, connections + "\"migrated\""),
					PrometheusText.sum(metrics, connections + "\"closed\""),
					PrometheusText.sum(metrics, connections + "\"forced\""));
		}

		double connections() {
			return this.migrated + this.closed + this.forced;
		}

		Drains minus(Drains earlier) {
			return new Drains(this.count - earlier.count, this.seconds - earlier.seconds,
					this.migrated - earlier.migrated, this.closed - earlier.closed, this.forced - earlier.forced);
		}

	}

	// Counters travel as floating-point numbers in the Prometheus text.
	private static int whole(double count) {
		return (int) Math.round(count);
	}

}
