package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * Reloads many times in one JVM and inspects it from outside at checkpoints: a leak shows
 * as contexts, threads or memory that grow with the number of reloads.
 */
final class LeakBenchmark {

	/**
	 * The JVM's default soft-reference policy: a closed generation must be gone at the next
	 * full collection even though soft references survive it.
	 */
	static final List<String> JVM_OPTIONS = List.of("-XX:+UseG1GC");

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	private final SampleLaunchCommand command;

	private final Path log;

	private final PrintStream out;

	LeakBenchmark(SampleLaunchCommand command, Path log, PrintStream out) {
		this.command = command;
		this.log = log;
		this.out = out;
	}

	List<LeakCheckpoint> run(List<Integer> checkpoints) throws IOException, InterruptedException {
		List<LeakCheckpoint> results = new ArrayList<>();
		try (SampleProcess sample = SampleProcess.start(this.command, JVM_OPTIONS, this.log);
				SampleClient client = new SampleClient(sample.port())) {
			sample.awaitFirstHello(client);
			JvmInspector inspector = new JvmInspector(sample.pid());
			// The first reload starts what lives as long as the JVM (the shared acceptor),
			// so the baseline is taken after it.
			ReloadTiming.measure(client);
			results.add(checkpoint(0, client, inspector));
			int reloads = 0;
			for (int checkpoint : checkpoints) {
				while (reloads < checkpoint) {
					ReloadTiming.measure(client);
					reloads++;
				}
				results.add(checkpoint(reloads, client, inspector));
			}
		}
		return results;
	}

	private LeakCheckpoint checkpoint(int reloads, SampleClient client, JvmInspector inspector)
			throws IOException, InterruptedException {
		client.awaitDrained(DRAIN_TIMEOUT);
		JvmSnapshot snapshot = inspector.snapshotAfterGc();
		this.out.printf("  after %d reloads: %d live contexts, %d threads, %.1f MB heap after GC, %.1f MB RSS%n",
				reloads, snapshot.liveContexts(), snapshot.javaThreads(),
				JvmSnapshot.megabytes(snapshot.heapUsedBytes()), JvmSnapshot.megabytes(snapshot.rssBytes()));
		return new LeakCheckpoint(reloads, snapshot);
	}

}
