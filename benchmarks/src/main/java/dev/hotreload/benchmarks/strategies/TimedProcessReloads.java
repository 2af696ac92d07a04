package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * The reloads the process start comparison times: idle, of a new release of the jar, and
 * under load. Each waits until the old worker has drained, so the next starts clean.
 */
final class TimedProcessReloads {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

	private static final long BEFORE_MILLIS = 5000;

	private static final long WARM_UP_MILLIS = 20000;

	private TimedProcessReloads() {
	}

	// The POST round trip: it answers once the new worker serves.
	static Duration reload(SampleClient client) throws IOException, InterruptedException {
		long started = System.nanoTime();
		ReloadResponse response = client.reload();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (!response.succeeded()) {
			throw new IllegalStateException("The reload failed: " + response.body());
		}
		client.awaitDrained(DRAIN_TIMEOUT);
		return took;
	}

	/**
	 * A deploy: a release of the jar with other content (one more entry) moved over the
	 * supervisor's jar, then the POST; only the POST round trip is timed.
	 */
	static Duration reloadOfANewRelease(Path sampleJar, SupervisedVariant supervised, int round)
			throws IOException, InterruptedException {
		Path release = supervised.jar.resolveSibling("release-" + round + ".jar");
		Files.copy(sampleJar, release, StandardCopyOption.REPLACE_EXISTING);
		// The JDK's zip file system copies the other entries as they are: the nested jars stay stored.
		try (FileSystem zip = FileSystems.newFileSystem(release)) {
			Files.writeString(zip.getPath("META-INF", "release.txt"), "release " + round + "\n");
		}
		Files.move(release, supervised.jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return reload(supervised.client);
	}

	/**
	 * A reload under load.
	 * @return the POST round trip in ms, and the rate between the POST and its answer over
	 * the rate in the 5 s before it
	 */
	static double[] underLoad(int port, SampleClient client) throws Exception {
		AtomicLong answered = new AtomicLong();
		try (LoadGenerator load = new LoadGenerator(port, LoadShape.DEFAULT,
				(kind, start, end, outcome, generation) -> {
					if (outcome == LoadGenerator.Outcome.OK) {
						answered.incrementAndGet();
					}
				}, 100)) {
			// The serving worker started with the reload before: warm its JIT first, or the rate
			// before is a cold JVM's and the rate during the start looks better than it is.
			Thread.sleep(WARM_UP_MILLIS);
			long before = answered.get();
			Thread.sleep(BEFORE_MILLIS);
			double rateBefore = (answered.get() - before) * 1000.0 / BEFORE_MILLIS;
			long atPost = answered.get();
			long started = System.nanoTime();
			ReloadResponse response = client.reload();
			long nanos = System.nanoTime() - started;
			double rateDuring = (answered.get() - atPost) / (nanos / 1e9);
			load.stop();
			if (!response.succeeded()) {
				throw new IllegalStateException("The reload under load failed: " + response.body());
			}
			client.awaitDrained(DRAIN_TIMEOUT);
			return new double[] { nanos / 1e6, rateDuring / rateBefore };
		}
	}

}
