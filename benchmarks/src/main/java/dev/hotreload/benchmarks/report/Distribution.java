package dev.hotreload.benchmarks.report;

import java.time.Duration;
import java.util.List;

/**
 * Median, 90th percentile and range of a set of durations, in milliseconds.
 *
 * @param count how many durations
 * @param median the median (the mean of the two middle values for an even count)
 * @param p90 the 90th percentile (nearest rank)
 * @param min the shortest
 * @param max the longest
 */
public record Distribution(int count, double median, double p90, double min, double max) {

	public static Distribution of(List<Duration> durations) {
		if (durations.isEmpty()) {
			throw new IllegalArgumentException("No durations");
		}
		double[] millis = durations.stream().mapToDouble(Distribution::millis).sorted().toArray();
		int n = millis.length;
		double median = (n % 2 == 1) ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
		double p90 = millis[(int) Math.ceil(0.9 * n) - 1];
		return new Distribution(n, median, p90, millis[0], millis[n - 1]);
	}

	public static double millis(Duration duration) {
		return duration.toNanos() / 1_000_000.0;
	}

}
