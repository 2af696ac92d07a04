package dev.hotreload.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the strategy comparison's timeline: one chart per strategy, stacked, with the
 * requests per second answered 200 (left axis) and the errors they saw per
 * 100 ms bucket (right axis, red) across the run, and a dashed line at each reload.
 */
final class StrategyTimelineChart {

	static final int CHART_WIDTH = 1100;

	static final int CHART_HEIGHT = 270;

	private static final Color REQUESTS = new Color(31, 119, 180);

	private static final Color ERRORS = new Color(214, 39, 40);

	private static final Color RELOAD_LINE = new Color(90, 90, 90);

	private StrategyTimelineChart() {
	}

	/**
	 * Writes the PNG.
	 * @param runs the strategies' runs, one chart each, in order
	 * @param bucketMillis the width of a bucket
	 * @param png the file to write
	 * @throws IOException if it cannot be written
	 */
	static void write(List<StrategyRun> runs, long bucketMillis, Path png) throws IOException {
		List<XYChart> charts = new ArrayList<>();
		double longest = runs.stream().mapToDouble(StrategyRun::seconds).max().orElse(1);
		for (StrategyRun run : runs) {
			charts.add(chart(run, bucketMillis, longest));
		}
		// Drawn in memory first: a failed drawing leaves no empty PNG behind.
		ByteArrayOutputStream image = new ByteArrayOutputStream();
		BitmapEncoder.saveBitmap(charts, charts.size(), 1, image, BitmapFormat.PNG);
		Files.write(png, image.toByteArray());
	}

	private static XYChart chart(StrategyRun run, long bucketMillis, double longest) {
		long[][] buckets = run.recorder().buckets(bucketMillis, run.seconds());
		List<Double> seconds = new ArrayList<>();
		List<Double> perSecond = new ArrayList<>();
		List<Double> errors = new ArrayList<>();
		double highestRate = 0;
		double highestErrors = 0;
		for (int i = 0; i < buckets.length; i++) {
			long requests = 0;
			for (long count : buckets[i]) {
				requests += count;
			}
			long answered = buckets[i][LoadGenerator.Outcome.OK.ordinal()];
			long failed = requests - answered;
			seconds.add(i * bucketMillis / 1000.0);
			perSecond.add(answered * 1000.0 / bucketMillis);
			errors.add((double) failed);
			highestRate = Math.max(highestRate, answered * 1000.0 / bucketMillis);
			highestErrors = Math.max(highestErrors, failed);
		}
		String title = String.format("%s: %d errors in %d reloads, %d requests (%s)", run.strategy().label(),
				run.errors(), run.reloads().size(), run.requests(), run.strategy().description());
		XYChart chart = new XYChartBuilder().width(CHART_WIDTH)
			.height(CHART_HEIGHT)
			.title(title)
			.xAxisTitle("seconds since the load started (dashed: reload triggered)")
			.build();
		chart.setYAxisGroupTitle(0, "requests/s answered 200");
		chart.setYAxisGroupTitle(1, "errors per " + bucketMillis + " ms");
		XYStyler styler = chart.getStyler();
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setPlotBorderColor(Color.LIGHT_GRAY);
		styler.setPlotGridLinesColor(new Color(230, 230, 230));
		styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		styler.setChartTitleBoxVisible(false);
		styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		styler.setLegendPosition(LegendPosition.OutsideS);
		styler.setLegendLayout(LegendLayout.Horizontal);
		styler.setLegendBorderColor(Color.LIGHT_GRAY);
		styler.setXAxisMin(0.0);
		styler.setXAxisMax(Math.ceil(longest));
		styler.setXAxisDecimalPattern("0");
		styler.setXAxisTickMarkSpacingHint(70);
		styler.setYAxisGroupPosition(1, YAxisPosition.Right);
		styler.setYAxisMin(0, 0.0);
		styler.setYAxisMax(0, Math.max(1, highestRate) * 1.15);
		styler.setYAxisMin(1, 0.0);
		// A run without errors still gets a readable 0..1 error axis.
		styler.setYAxisMax(1, Math.max(1, highestErrors) * 1.15);
		styler.setYAxisDecimalPattern("#,##0");
		styler.setAnnotationLineColor(RELOAD_LINE);
		styler.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
				new float[] { 5f, 4f }, 0f));
		XYSeries rate = chart.addSeries("requests/s answered 200", seconds, perSecond);
		rate.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
		rate.setMarker(SeriesMarkers.NONE);
		rate.setLineColor(REQUESTS);
		rate.setLineWidth(1.5f);
		rate.setYAxisGroup(0);
		XYSeries failed = chart.addSeries("errors per " + bucketMillis + " ms (right axis)", seconds, errors);
		failed.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
		failed.setMarker(SeriesMarkers.NONE);
		failed.setLineColor(ERRORS);
		failed.setLineWidth(2f);
		failed.setYAxisGroup(1);
		for (StrategyRun.Reload reload : run.reloads()) {
			chart.addAnnotation(new AnnotationLine(reload.triggerSeconds(), true, false));
		}
		return chart;
	}

}
