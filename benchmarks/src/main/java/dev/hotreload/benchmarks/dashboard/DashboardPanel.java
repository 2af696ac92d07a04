package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One panel of the shipped Grafana dashboard, read from its JSON so that the snapshot
 * always draws the queries the dashboard runs, not copies of them.
 *
 * @param title the panel's title
 * @param unit Grafana's unit for its values, such as {@code s} or {@code none}
 * @param queries its PromQL targets, with Grafana's variables filled in
 */
record DashboardPanel(String title, String unit, List<PanelQuery> queries) {

	DashboardPanel {
		queries = List.copyOf(queries);
	}

	/**
	 * Reads every panel of a dashboard, in the dashboard's order.
	 * @param dashboard the dashboard's JSON file
	 * @return the panels that have queries
	 * @throws IOException if the file cannot be read or is not a dashboard
	 */
	static List<DashboardPanel> read(Path dashboard) throws IOException {
		JsonNode root;
		try {
			root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
		}
		catch (JacksonException ex) {
			throw new IOException("Cannot read the dashboard " + dashboard.toAbsolutePath(), ex);
		}
		List<DashboardPanel> panels = new ArrayList<>();
		for (JsonNode panel : root.path("panels")) {
			List<PanelQuery> queries = new ArrayList<>();
			for (JsonNode target : panel.path("targets")) {
				queries.add(PanelQuery.fromGrafana(target.path("expr").asString(),
						target.path("legendFormat").asString("")));
			}
			if (!queries.isEmpty()) {
				panels.add(new DashboardPanel(panel.path("title").asString(),
						panel.path("fieldConfig").path("defaults").path("unit").asString("none"), queries));
			}
		}
		if (panels.isEmpty()) {
			throw new IOException("No panel with a query in " + dashboard.toAbsolutePath());
		}
		return panels;
	}

}
