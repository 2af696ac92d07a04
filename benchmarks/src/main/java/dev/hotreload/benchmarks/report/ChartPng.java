package dev.hotreload.benchmarks.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;

/**
 * XChart charts written as a grid in one PNG. The image is drawn in memory first, so that
 * a failed drawing leaves no empty PNG behind.
 */
public final class ChartPng {

	private ChartPng() {
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
