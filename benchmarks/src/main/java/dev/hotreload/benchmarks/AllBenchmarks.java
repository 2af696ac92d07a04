package dev.hotreload.benchmarks;

import dev.hotreload.benchmarks.cost.ReloadCostBenchmark;
import dev.hotreload.benchmarks.devloop.DevLoopComparison;
import dev.hotreload.benchmarks.drain.DrainModeComparison;
import dev.hotreload.benchmarks.strategies.StrategyComparison;

/**
 * The one command that measures everything the README reports about reloads: what a
 * reload costs against a cold start and whether it leaks ({@link ReloadCostBenchmark}),
 * then hotreload side by side with the usual ways to reload ({@link StrategyComparison}),
 * then the development loop against DevTools' restart ({@link DevLoopComparison}), then
 * the two drain modes under idling keep-alive clients ({@link DrainModeComparison}), each
 * with its defaults. Run one of them alone for its options.
 */
public final class AllBenchmarks {

	private AllBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0) {
			System.err.println("AllBenchmarks takes no options; run ReloadCostBenchmark, StrategyComparison, "
					+ "DevLoopComparison or DrainModeComparison with -Dloader.main=... for theirs");
			System.exit(2);
		}
		ReloadCostBenchmark.main(args);
		System.out.println();
		StrategyComparison.main(args);
		System.out.println();
		DevLoopComparison.main(args);
		System.out.println();
		DrainModeComparison.main(args);
	}

}
