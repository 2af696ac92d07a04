package dev.hotreload.benchmarks.dashboard;

import java.util.List;

/**
 * What one dashboard panel showed over the run.
 *
 * @param title the panel's title
 * @param unit Grafana's unit for its values, such as {@code s} or {@code none}
 * @param series its lines, one per legend value; empty if Prometheus had no data
 */
record PanelData(String title, String unit, List<PanelSeries> series) {

	PanelData {
		series = List.copyOf(series);
	}

}
