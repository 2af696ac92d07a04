package dev.hotreload.benchmarks.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.hotreload.benchmarks.report.ChartPng;

/**
 * Draws the dashboard's panels as a grid of small XChart line charts in one PNG, in the
 * dashboard's order, with a dashed line wherever the harness posted a reload. The cell
 * left over in the last row holds a caption that says what the picture shows.
 */
final class DashboardChartGrid {

	static final int COLUMNS = 2;

	static final int CHART_WIDTH = 640;

	static final int CHART_HEIGHT = 300;

	// Opaque, so that joined line segments do not darken where they overlap, and long
	// enough that ten generations in one panel get ten colours.
	private static final Color[] SERIES_COLORS = { new Color(31, 119, 180), new Color(255, 127, 14),
			new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
			new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207),
			new Color(0, 0, 128), new Color(128, 128, 0) };

	// Pixels between x labels.
	private static final int X_TICK_SPACING = 80;

	// Beyond the last point: a margin that also keeps the axis from looking equally spaced
	// to the library, which would then label every n-th point (0, 2, 4, ... 60) instead of
	// picking round steps from the spacing above.
	private static final double X_MARGIN_SECONDS = 0.5;

	// Outcomes and states in the colours a reader expects: a success drawn in red misleads.
	private static final Map<String, Color> MEANINGFUL_COLORS = Map.of("success", new Color(44, 160, 44),
			"failure", new Color(214, 39, 40), "timeout", new Color(255, 127, 14), "rejected",
			new Color(148, 103, 189), "coalesced", new Color(127, 127, 127), "active", new Color(44, 160, 44),
			"draining", new Color(255, 127, 14), "starting", new Color(31, 119, 180));

	private static final Color RELOAD_LINE = new Color(120, 120, 120);

	private static final Color FAILED_RELOAD = new Color(200, 30, 30);

	// Headroom above the highest point, for the "failed" mark.
	private static final double HEADROOM = 1.2;

	private final double seconds;

	private final List<ScheduledReload> reloads;

	/**
	 * A grid for one run.
	 * @param seconds how long the run lasted: every x axis spans that much
	 * @param reloads the reloads posted, marked on every chart
	 */
	DashboardChartGrid(double seconds, List<ScheduledReload> reloads) {
		this.seconds = seconds;
		this.reloads = List.copyOf(reloads);
	}

	/**
	 * Writes the grid.
	 * @param panels the panels' data, one chart each
	 * @param caption lines for the leftover cell
	 * @param png the file to write
	 * @throws IOException if it cannot be written
	 */
	void write(List<PanelData> panels, List<String> caption, Path png) throws IOException {
		List<XYChart> charts = new ArrayList<>();
		for (PanelData panel : panels) {
			charts.add(chart(panel));
		}
		// The library merges full rows only, so the last row is filled with a caption, then blanks.
		int rows = (charts.size() + 1 + COLUMNS - 1) / COLUMNS;
		charts.add(caption(caption));
		while (charts.size() < rows * COLUMNS) {
			charts.add(blank());
		}
		ChartPng.write(charts, rows, COLUMNS, png);
	}

	private XYChart chart(PanelData panel) {
		XYChart chart = new XYChartBuilder().width(CHART_WIDTH)
			.height(CHART_HEIGHT)
			.title(panel.title())
			.xAxisTitle("seconds since start")
			.yAxisTitle("s".equals(panel.unit()) ? "seconds" : "")
			.build();
		XYStyler styler = style(chart);
		double highest = 0;
		for (PanelSeries series : panel.series()) {
			XYSeries line = chart.addSeries(series.legend(), series.seconds(), series.values());
			line.setMarker(SeriesMarkers.NONE);
			line.setLineWidth(2f);
			Color meaningful = MEANINGFUL_COLORS.get(series.legend());
			if (meaningful != null) {
				line.setLineColor(meaningful);
			}
			highest = Math.max(highest, series.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
		}
		// A flat zero line (nothing forced, say) still gets a 0..1 axis rather than a degenerate one.
		double top = (highest > 0) ? highest * HEADROOM : 1;
		styler.setYAxisMin(0.0);
		styler.setYAxisMax(top);
		if (panel.series().isEmpty()) {
			chart.addAnnotation(new AnnotationText("no data", this.seconds / 2, top / 2, false));
		}
		markReloads(chart, top);
		return chart;
	}

	private XYStyler style(XYChart chart) {
		XYStyler styler = chart.getStyler();
		ChartPng.plainStyle(styler, 15);
		styler.setLegendPosition(LegendPosition.OutsideE);
		styler.setLegendBorderColor(Color.WHITE);
		styler.setXAxisMin(0.0);
		styler.setXAxisMax(this.seconds + X_MARGIN_SECONDS);
		styler.setXAxisDecimalPattern("0");
		styler.setXAxisTickMarkSpacingHint(X_TICK_SPACING);
		styler.setSeriesColors(SERIES_COLORS);
		styler.setAnnotationLineColor(RELOAD_LINE);
		styler.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
				new float[] { 4f, 4f }, 0f));
		styler.setAnnotationTextFontColor(FAILED_RELOAD);
		styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
		return styler;
	}

	private void markReloads(XYChart chart, double top) {
		for (ScheduledReload reload : this.reloads) {
			chart.addAnnotation(new AnnotationLine(reload.seconds(), true, false));
			if (reload.meantToFail()) {
				chart.addAnnotation(new AnnotationText("failed", reload.seconds(), top * 0.93, false));
			}
		}
	}

	private XYChart caption(List<String> lines) {
		XYChart chart = blank();
		AnnotationTextPanel text = new AnnotationTextPanel("", 20, CHART_HEIGHT - 30, true);
		// The library cannot lay out an empty line (and gives a blank one no height anyway).
		text.setLines(lines.stream().filter((line) -> !line.isBlank()).toList());
		chart.addAnnotation(text);
		XYStyler styler = chart.getStyler();
		styler.setAnnotationTextPanelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		styler.setAnnotationTextPanelBorderColor(Color.WHITE);
		styler.setAnnotationTextPanelBackgroundColor(Color.WHITE);
		return chart;
	}

	// A cell with no title, axes, grid or legend: only its annotations show.
	private static XYChart blank() {
		XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT).build();
		XYStyler styler = chart.getStyler();
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setPlotBorderVisible(false);
		styler.setPlotGridLinesVisible(false);
		styler.setAxisTicksVisible(false);
		styler.setLegendVisible(false);
		styler.setChartTitleVisible(false);
		return chart;
	}

}
