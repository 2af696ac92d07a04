package dev.hotreload.benchmarks.strategies;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.report.ChartPng;

/**
 * Draws the strategy comparison's timeline: one chart per strategy, stacked, with the
 * requests per second answered 200 split by the generation (hotreload) or instance
 * (restarts) that answered, one line each (left axis), the errors the clients saw per
 * 100 ms bucket (right axis, red) across the run, and a dashed line at each reload.
 */
final class StrategyTimelineChart {

	static final int CHART_WIDTH = 1100;

	static final int CHART_HEIGHT = 270;

	// One per generation or instance, cycled; no red: that is the errors' colour.
	private static final Color[] INSTANCES = { new Color(31, 119, 180), new Color(255, 127, 14),
			new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
			new Color(23, 190, 207), new Color(188, 189, 34) };

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
		ChartPng.write(charts, charts.size(), 1, png);
	}

	private static XYChart chart(StrategyRun run, long bucketMillis, double longest) {
		long[][] buckets = run.recorder().buckets(bucketMillis, run.seconds());
		StrategyRun.Instances instances = run.instances();
		Map<Integer, long[]> answered = run.recorder()
			.answeredByInstance(bucketMillis, run.seconds(), instances.resolver());
		List<Double> seconds = new ArrayList<>();
		List<Double> errors = new ArrayList<>();
		double highestErrors = 0;
		for (int i = 0; i < buckets.length; i++) {
			long failed = 0;
			for (Outcome outcome : Outcome.values()) {
				failed += (outcome != Outcome.OK) ? buckets[i][outcome.ordinal()] : 0;
			}
			seconds.add(i * bucketMillis / 1000.0);
			errors.add((double) failed);
			highestErrors = Math.max(highestErrors, failed);
		}
		double highestRate = 0;
		for (long[] counts : answered.values()) {
			for (long count : counts) {
				highestRate = Math.max(highestRate, count * 1000.0 / bucketMillis);
			}
		}
		String title = String.format("%s: %d errors in %d reloads, %d requests (%s)", run.strategy().label(),
				run.errors(), run.reloads().size(), run.requests(), run.strategy().description());
		XYChart chart = ChartPng.timeline(title, CHART_WIDTH, CHART_HEIGHT,
				"seconds since the load started (dashed: reload triggered)", "errors per " + bucketMillis + " ms",
				longest, highestRate, highestErrors);
		XYStyler styler = chart.getStyler();
		styler.setAnnotationLineColor(RELOAD_LINE);
		styler.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
				new float[] { 5f, 4f }, 0f));
		int colour = 0;
		for (Map.Entry<Integer, long[]> instance : answered.entrySet()) {
			XYSeries rate = rateSeries(chart, instances.label() + " " + instance.getKey(), instance.getValue(),
					bucketMillis);
			rate.setLineColor(INSTANCES[colour++ % INSTANCES.length]);
		}
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

	// Only the buckets from just before an instance's first answer to just after its last,
	// so that it drops to 0 at both ends without a line along the axis the whole run.
	private static XYSeries rateSeries(XYChart chart, String name, long[] answered, long bucketMillis) {
		int first = 0;
		while (first < answered.length - 1 && answered[first] == 0) {
			first++;
		}
		int last = answered.length - 1;
		while (last > first && answered[last] == 0) {
			last--;
		}
		List<Double> seconds = new ArrayList<>();
		List<Double> perSecond = new ArrayList<>();
		for (int i = Math.max(0, first - 1); i <= Math.min(answered.length - 1, last + 1); i++) {
			seconds.add(i * bucketMillis / 1000.0);
			perSecond.add(answered[i] * 1000.0 / bucketMillis);
		}
		XYSeries rate = chart.addSeries(name, seconds, perSecond);
		rate.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
		rate.setMarker(SeriesMarkers.NONE);
		rate.setLineWidth(1.5f);
		rate.setYAxisGroup(0);
		return rate;
	}

}
