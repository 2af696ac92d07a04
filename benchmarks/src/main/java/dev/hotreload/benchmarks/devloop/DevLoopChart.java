package dev.hotreload.benchmarks.devloop;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.report.ChartPng;

/**
 * Draws the dev-loop comparison's timeline: one chart per setup, stacked, with the
 * requests answered 200 per second, the failed requests per bucket on the right axis, and
 * each change's window, from its class file written to its new code served, shaded.
 */
final class DevLoopChart {

	private static final int WIDTH = 1100;

	private static final int HEIGHT = 280;

	private static final Color ANSWERED = new Color(31, 119, 180);

	private static final Color FAILED = new Color(214, 39, 40);

	private static final Color WINDOW = new Color(255, 200, 120, 110);

	private DevLoopChart() {
	}

	static void write(List<DevLoopRun> runs, long bucketMillis, Path png) throws IOException {
		double longest = runs.stream().mapToDouble(DevLoopRun::seconds).max().orElse(1);
		List<XYChart> charts = new ArrayList<>();
		for (DevLoopRun run : runs) {
			charts.add(chart(run, bucketMillis, longest));
		}
		ChartPng.write(charts, charts.size(), 1, png);
	}

	private static XYChart chart(DevLoopRun run, long bucketMillis, double longest) {
		long[][] buckets = run.recorder().buckets(bucketMillis, run.seconds());
		List<Double> seconds = new ArrayList<>();
		List<Double> answered = new ArrayList<>();
		List<Double> failed = new ArrayList<>();
		double highestRate = 1;
		double highestFailed = 1;
		for (int i = 0; i < buckets.length; i++) {
			long errors = 0;
			for (Outcome outcome : Outcome.values()) {
				errors += (outcome != Outcome.OK) ? buckets[i][outcome.ordinal()] : 0;
			}
			double rate = buckets[i][Outcome.OK.ordinal()] * 1000.0 / bucketMillis;
			seconds.add(i * bucketMillis / 1000.0);
			answered.add(rate);
			failed.add((double) errors);
			highestRate = Math.max(highestRate, rate);
			highestFailed = Math.max(highestFailed, errors);
		}
		String title = String.format(Locale.ROOT,
				"%s: median %.0f ms from class file written to new code served, %d failed of %d requests",
				run.setup().label(), run.writtenToServed().median(), run.errors(), run.requests());
		XYChart chart = ChartPng.timeline(title, WIDTH, HEIGHT, "seconds since the load started",
				"failed per " + bucketMillis + " ms", longest, highestRate, highestFailed);
		double top = Math.max(1, highestRate) * 1.15;
		XYSeries windows = chart.addSeries("class file written until new code served", windowXs(run),
				windowYs(run, top));
		windows.setXYSeriesRenderStyle(XYSeriesRenderStyle.Area);
		windows.setMarker(SeriesMarkers.NONE);
		windows.setFillColor(WINDOW);
		windows.setLineColor(WINDOW);
		windows.setYAxisGroup(0);
		step(chart.addSeries("requests/s answered 200", seconds, answered), ANSWERED, 0);
		step(chart.addSeries("failed per " + bucketMillis + " ms (right axis)", seconds, failed), FAILED, 1);
		return chart;
	}

	private static void step(XYSeries series, Color colour, int axis) {
		series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
		series.setMarker(SeriesMarkers.NONE);
		series.setLineColor(colour);
		series.setLineWidth(1.5f);
		series.setYAxisGroup(axis);
	}

	// Each window as a box: up at its start, down at its end, 0 between windows.
	private static List<Double> windowXs(DevLoopRun run) {
		List<Double> xs = new ArrayList<>(List.of(0.0));
		for (CodeChange change : run.changes()) {
			xs.addAll(List.of(change.writtenSeconds(), change.writtenSeconds(), change.servedSeconds(),
					change.servedSeconds()));
		}
		xs.add(run.seconds());
		return xs;
	}

	private static List<Double> windowYs(DevLoopRun run, double top) {
		List<Double> ys = new ArrayList<>(List.of(0.0));
		for (int i = 0; i < run.changes().size(); i++) {
			ys.addAll(List.of(0.0, top, top, 0.0));
		}
		ys.add(0.0);
		return ys;
	}

}
