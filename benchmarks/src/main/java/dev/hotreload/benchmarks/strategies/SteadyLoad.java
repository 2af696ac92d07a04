package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * Steady load on one sample.
 *
 * @param hotreload whether the starter was on
 * @param requests requests sent
 * @param errors requests that failed
 * @param requestsPerSecond requests per second, all clients
 * @param p50Millis median latency of the fast clients' requests
 * @param p99Millis 99th percentile of the same
 */
record SteadyLoad(boolean hotreload, long requests, long errors, double requestsPerSecond, double p50Millis,
		double p99Millis) {

	// A fresh JVM runs its code interpreted at first: steady numbers are taken after this.
	static final long WARM_UP_MILLIS = 5000;

	/**
	 * Starts a sample with the starter on or off, warms it up, then measures the
	 * comparison's load on it and prints what it measured. Stops the sample, also when it
	 * fails.
	 */
	static SteadyLoad measure(boolean hotreload, SampleServer server, Path logs, int seconds, PrintStream out)
			throws IOException, InterruptedException {
		try (StrategyDeployment deployment = StrategyDeployment.startSteady(hotreload, server, logs)) {
			try (LoadGenerator warmUp = new LoadGenerator(deployment.port(), StrategyComparison.LOAD)) {
				Thread.sleep(WARM_UP_MILLIS);
				warmUp.stop();
			}
			RequestRecorder recorder = new RequestRecorder();
			LoadResult load;
			try (LoadGenerator generator = new LoadGenerator(deployment.port(), StrategyComparison.LOAD, recorder, 0)) {
				Thread.sleep(seconds * 1000L);
				load = generator.stop();
			}
			double loadSeconds = load.duration().toNanos() / 1e9;
			SteadyLoad steady = new SteadyLoad(hotreload, recorder.requests(), recorder.errors(),
					recorder.requests() / loadSeconds, recorder.fastLatencyMillis(50, 0, loadSeconds),
					recorder.fastLatencyMillis(99, 0, loadSeconds));
			out.printf(Locale.ROOT, "  starter %s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
					hotreload ? "on" : "off", steady.requestsPerSecond(), steady.p50Millis(), steady.p99Millis(),
					steady.errors());
			return steady;
		}
	}

}
