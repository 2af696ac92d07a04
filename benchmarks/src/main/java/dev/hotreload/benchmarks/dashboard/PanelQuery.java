package dev.hotreload.benchmarks.dashboard;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * One PromQL target of a dashboard panel, as Grafana would send it to Prometheus.
 *
 * @param promql the query with Grafana's variables replaced
 * @param legendFormat how Grafana names each series, such as {@code {{state}}}
 */
record PanelQuery(String promql, String legendFormat) {

	/**
	 * Grafana's variables and what the snapshot puts in their place: every instance (the
	 * one sample), and the rate window Grafana would pick for a 1 s scrape interval.
	 */
	static final Map<String, String> VARIABLES = Map.of("$instance", ".*", "$__rate_interval", "15s");

	private static final Pattern LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

	static PanelQuery fromGrafana(String expr, String legendFormat) {
		String promql = expr;
		for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
			promql = promql.replace(variable.getKey(), variable.getValue());
		}
		return new PanelQuery(promql, legendFormat);
	}

	/**
	 * The legend of one series the way Grafana writes it: the legend format with each
	 * {@code {{label}}} replaced by the series' label value.
	 * @param labels the series' labels ({@code metric} in Prometheus' answer)
	 * @return the legend, or the labels themselves if the panel has no legend format
	 */
	String legend(JsonNode labels) {
		if (this.legendFormat.isBlank()) {
			return labels.isEmpty() ? this.promql : labels.toString();
		}
		Matcher matcher = LABEL.matcher(this.legendFormat);
		StringBuilder legend = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(legend, Matcher.quoteReplacement(labels.path(matcher.group(1)).asString("")));
		}
		matcher.appendTail(legend);
		return legend.toString();
	}

}
