package dev.hotreload.benchmarks.cost;

import java.util.List;

import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;

/**
 * Reloads run while clients kept the application busy, and what those clients saw.
 *
 * @param shape the clients
 * @param reloads the reloads, timed
 * @param load what the clients saw over the whole run
 */
record ReloadsUnderLoad(LoadShape shape, List<ReloadTiming> reloads, LoadResult load) {

	ReloadsUnderLoad {
		reloads = List.copyOf(reloads);
	}

}
