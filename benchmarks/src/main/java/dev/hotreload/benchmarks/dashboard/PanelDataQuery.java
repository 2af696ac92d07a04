package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Asks Prometheus for what each dashboard panel shows over a time range, one point per
 * scrape interval, the way Grafana asks for a time series panel.
 */
final class PanelDataQuery {

	private final PrometheusProcess prometheus;

	PanelDataQuery(PrometheusProcess prometheus) {
		this.prometheus = prometheus;
	}

	/**
	 * Runs every query of every panel over a range.
	 * @param panels the dashboard's panels
	 * @param start the start of the range; the x axis counts seconds from here
	 * @param end the end of the range
	 * @return the data of each panel, in the dashboard's order
	 * @throws IOException if a query fails
	 */
	List<PanelData> fetch(List<DashboardPanel> panels, Instant start, Instant end) throws IOException {
		List<PanelData> data = new ArrayList<>();
		for (DashboardPanel panel : panels) {
			data.add(fetch(panel, start, end));
		}
		return data;
	}

	private PanelData fetch(DashboardPanel panel, Instant start, Instant end) throws IOException {
		// Keyed by legend: two series with the same legend are one line in Grafana too.
		Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
		for (PanelQuery query : panel.queries()) {
			JsonNode result = this.prometheus.queryRange(query.promql(), start, end,
					PrometheusProcess.SCRAPE_INTERVAL);
			for (JsonNode series : result) {
				TreeMap<Double, Double> points = lines.computeIfAbsent(query.legend(series.path("metric")),
						(legend) -> new TreeMap<>());
				for (JsonNode point : series.path("values")) {
					double value = Double.parseDouble(point.get(1).asString());
					// A mean before the first reload is 0/0; Grafana leaves a gap there too.
					if (Double.isFinite(value)) {
						points.put(secondsSince(start, point.get(0).asDouble()), value);
					}
				}
			}
		}
		List<PanelSeries> series = new ArrayList<>();
		lines.forEach((legend, points) -> {
			if (!points.isEmpty()) {
				series.add(new PanelSeries(legend, new ArrayList<>(points.keySet()),
						new ArrayList<>(points.values())));
			}
		});
		// In order of appearance: Prometheus sorts labels as text, so generation 10 came second.
		series.sort(Comparator.comparing((line) -> line.seconds().get(0)));
		return new PanelData(panel.title(), panel.unit(), series);
	}

	private static double secondsSince(Instant start, double unixSeconds) {
		// Millisecond precision, as Prometheus answers, without binary fractions on the axis.
		return Math.round((unixSeconds - start.toEpochMilli() / 1000.0) * 1000) / 1000.0;
	}

}
