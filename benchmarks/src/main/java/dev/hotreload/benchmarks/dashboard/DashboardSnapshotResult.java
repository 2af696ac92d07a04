package dev.hotreload.benchmarks.dashboard;

import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.load.LoadResult;

/**
 * What a dashboard snapshot run did and wrote.
 *
 * @param reloads every reload posted, the failing one included
 * @param load what the load clients saw
 * @param panels what each panel showed
 * @param png the rendered charts
 * @param csv the raw series: panel, series, seconds, value
 */
record DashboardSnapshotResult(List<ScheduledReload> reloads, LoadResult load, List<PanelData> panels, Path png,
		Path csv) {

	DashboardSnapshotResult {
		reloads = List.copyOf(reloads);
		panels = List.copyOf(panels);
	}

	List<ScheduledReload> successfulReloads() {
		return this.reloads.stream().filter((reload) -> !reload.meantToFail() && reload.asIntended()).toList();
	}

	List<ScheduledReload> failingReloads() {
		return this.reloads.stream().filter(ScheduledReload::meantToFail).toList();
	}

}
