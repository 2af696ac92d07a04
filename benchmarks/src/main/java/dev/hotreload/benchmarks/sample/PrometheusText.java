package dev.hotreload.benchmarks.sample;

/**
 * Reads samples out of the text Prometheus scrapes from {@code GET /actuator/prometheus}.
 */
public final class PrometheusText {

	private PrometheusText() {
	}

	/**
	 * The sum of a series' samples in a Prometheus text body.
	 * @param metrics the body
	 * @param series a metric name, optionally followed by the opening brace and its first
	 * label as the text shows them (then only that label's samples count)
	 * @return the sum of the matching samples, 0 if there is none
	 */
	public static double sum(String metrics, String series) {
		return metrics.lines()
			.filter((line) -> line.startsWith(series) && line.length() > series.length()
					&& " {,}".indexOf(line.charAt(series.length())) >= 0)
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
