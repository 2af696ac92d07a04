package dev.hotreload.benchmarks.dashboard;

import java.util.List;

/**
 * One line of a panel: the points Prometheus returned for one legend value.
 *
 * @param legend the series' name in the panel's legend
 * @param seconds when each point was evaluated, in seconds since the load started
 * @param values the value at each of those times
 */
record PanelSeries(String legend, List<Double> seconds, List<Double> values) {

	PanelSeries {
		seconds = List.copyOf(seconds);
		values = List.copyOf(values);
		if (seconds.size() != values.size()) {
			throw new IllegalArgumentException(seconds.size() + " times for " + values.size() + " values");
		}
	}

}
