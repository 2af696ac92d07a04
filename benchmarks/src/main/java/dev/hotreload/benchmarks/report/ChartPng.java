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
