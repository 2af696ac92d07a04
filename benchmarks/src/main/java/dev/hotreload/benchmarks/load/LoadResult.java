package dev.hotreload.benchmarks.load;

import java.time.Duration;
import java.util.List;

/**
 * What the load clients saw.
 *
 * @param succeeded requests answered 200
 * @param errors requests that failed or were answered otherwise
 * @param duration how long the load ran
 * @param errorExamples a few distinct failures with their counts
 */
public record LoadResult(long succeeded, long errors, Duration duration, List<String> errorExamples) {

	public LoadResult {
		errorExamples = List.copyOf(errorExamples);
	}

	public long requests() {
		return this.succeeded + this.errors;
	}

	public double requestsPerSecond() {
		return requests() / (this.duration.toNanos() / 1e9);
	}

}
