package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * Times reloads one after the other on an idle application, after a few warm-up reloads
 * that let the JIT compiler and the class caches settle as they would in a long-running
 * process.
 */
final class SequentialReloadBenchmark {

	static final int WARM_UP_RELOADS = 3;

	private final SampleClient client;

	private final PrintStream out;

	SequentialReloadBenchmark(SampleClient client, PrintStream out) {
		this.client = client;
		this.out = out;
	}

	List<ReloadTiming> run(int reloads) throws IOException {
		for (int i = 0; i < WARM_UP_RELOADS; i++) {
			ReloadTiming.measure(this.client);
		}
		List<ReloadTiming> timings = new ArrayList<>();
		for (int i = 1; i <= reloads; i++) {
			timings.add(ReloadTiming.measure(this.client));
			if (i % 10 == 0 || i == reloads) {
				this.out.printf("  reloads: %d/%d, last POST %.0f ms%n", i, reloads,
						Distribution.millis(timings.get(i - 1).post()));
			}
		}
		return timings;
	}

}
