package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.time.Duration;

import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * One reload timed from outside the application.
 *
 * @param generation the generation the reload started
 * @param post the {@code POST /actuator/reload} round trip, which ends at the switch
 * @param visible from the same request until {@code GET /hello} on a fresh connection is
 * served by the new generation
 * @param contextStart the new generation's {@code SpringApplication.run}, measured by the
 * application
 * @param readinessAndSwitch the rest of the reload as the application measured it:
 * waiting for readiness and the switch
 */
record ReloadTiming(int generation, Duration post, Duration visible, Duration contextStart,
		Duration readinessAndSwitch) {

	private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Reloads and times it.
	 * @param client a client for the sample
	 * @return the timing
	 * @throws IOException if a request fails
	 * @throws IllegalStateException if the reload does not succeed
	 */
	static ReloadTiming measure(SampleClient client) throws IOException {
		long start = System.nanoTime();
		ReloadResponse response = client.reload();
		long answered = System.nanoTime();
		if (!response.succeeded()) {
			throw new IllegalStateException("Reload failed with status " + response.status() + ": " + response.body());
		}
		while (client.helloGeneration() < response.generation()) {
			if (System.nanoTime() - answered > VISIBLE_TIMEOUT.toNanos()) {
				throw new IllegalStateException(
						"Generation " + response.generation() + " did not serve within " + VISIBLE_TIMEOUT);
			}
			Thread.onSpinWait();
		}
		long visible = System.nanoTime();
		return new ReloadTiming(response.generation(), Duration.ofNanos(answered - start),
				Duration.ofNanos(visible - start), response.startup(), response.duration().minus(response.startup()));
	}

}
