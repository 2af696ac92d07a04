package dev.hotreload.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.XYStyler;

/**
 * XChart charts in the harness's one look, written as a grid in one PNG. The image is drawn in memory first, so that
 * a failed drawing leaves no empty PNG behind.
 */
public final class ChartPng {

	private ChartPng() {
	}

	/**
	 * The look every chart of the harness shares: white, light grid, sans-serif text.
	 * @param styler the chart's styler
	 * @param titleSize the title's font size
	 */
	public static void plainStyle(XYStyler styler, int titleSize) {
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotBackgroundColor(Color.WHITE);
		styler.setPlotBorderColor(Color.LIGHT_GRAY);
		styler.setPlotGridLinesColor(new Color(230, 230, 230));
		styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
		styler.setChartTitleBoxVisible(false);
		styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
	}

	/**
	 * A timeline in the harness's look: requests answered per second on the left axis,
	 * failures per bucket on the right, seconds along the bottom, the legend below.
	 * @param title the chart's title
	 * @param width its width in pixels
	 * @param height its height in pixels
	 * @param xAxisTitle what the seconds count from
	 * @param failedTitle what the right axis counts
	 * @param seconds how long the longest run lasted
	 * @param highestRate the highest rate to fit
	 * @param highestFailed the most failures in a bucket to fit
	 * @return the chart, without series
	 */
	public static XYChart timeline(String title, int width, int height, String xAxisTitle, String failedTitle,
			double seconds, double highestRate, double highestFailed) {
		XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xAxisTitle).build();
		chart.setYAxisGroupTitle(0, "requests/s answered 200");
		chart.setYAxisGroupTitle(1, failedTitle);
		XYStyler styler = chart.getStyler();
		plainStyle(styler, 14);
		styler.setLegendPosition(LegendPosition.OutsideS);
		styler.setLegendLayout(LegendLayout.Horizontal);
		styler.setLegendBorderColor(Color.LIGHT_GRAY);
		styler.setXAxisMin(0.0);
		styler.setXAxisMax(Math.ceil(seconds));
		styler.setXAxisDecimalPattern("0");
		styler.setXAxisTickMarkSpacingHint(70);
		styler.setYAxisGroupPosition(1, YAxisPosition.Right);
		styler.setYAxisMin(0, 0.0);
		styler.setYAxisMax(0, Math.max(1, highestRate) * 1.15);
		styler.setYAxisMin(1, 0.0);
		// A run without failures still gets a readable 0..1 axis.
		styler.setYAxisMax(1, Math.max(1, highestFailed) * 1.15);
		styler.setYAxisDecimalPattern("#,##0");
		return chart;
	}

	/**
	 * Writes the charts, row by row, as one image.
	 * @param charts exactly {@code rows * columns} charts: the library merges full rows only
	 * @param rows how many rows
	 * @param columns how many charts in a row
	 * @param png the file to write
	 * @throws IOException if it cannot be drawn or written
	 */
	public static void write(List<XYChart> charts, int rows, int columns, Path png) throws IOException {
		ByteArrayOutputStream image = new ByteArrayOutputStream();
		BitmapEncoder.saveBitmap(charts, rows, columns, image, BitmapFormat.PNG);
		Files.write(png, image.toByteArray());
	}

}
