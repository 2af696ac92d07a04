package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * Reloads while clients keep the application busy, counting every request that fails.
 * The load runs a while before the first reload and after the last, and between reloads,
 * so that each switch and each drain happens under steady load.
 */
final class LoadBenchmark {

	private static final long STEADY_LOAD_MILLIS = 1000;

	private static final long PAUSE_BETWEEN_RELOADS_MILLIS = 500;

	private final SampleClient client;

	private final int port;

	private final PrintStream out;

	LoadBenchmark(SampleClient client, int port, PrintStream out) {
		this.client = client;
		this.port = port;
		this.out = out;
	}

	ReloadsUnderLoad run(int reloads, LoadShape shape) throws IOException, InterruptedException {
		List<ReloadTiming> timings = new ArrayList<>();
		LoadResult result;
		try (LoadGenerator load = new LoadGenerator(this.port, shape)) {
			Thread.sleep(STEADY_LOAD_MILLIS);
			for (int i = 1; i <= reloads; i++) {
				timings.add(ReloadTiming.measure(this.client));
				this.out.printf("  reload under load %d/%d: POST %.0f ms%n", i, reloads,
						Distribution.millis(timings.get(i - 1).post()));
				Thread.sleep((i < reloads) ? PAUSE_BETWEEN_RELOADS_MILLIS : STEADY_LOAD_MILLIS);
			}
			result = load.stop();
		}
		return new ReloadsUnderLoad(shape, timings, result);
	}

}
