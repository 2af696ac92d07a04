package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * Times cold starts: a fresh JVM running the sample, from the process start until
 * {@code GET /hello} first answers 200. This is what a reload is compared with.
 */
final class ColdStartBenchmark {

	private final SampleLaunchCommand command;

	private final Path logs;

	private final PrintStream out;

	ColdStartBenchmark(SampleLaunchCommand command, Path logs, PrintStream out) {
		this.command = command;
		this.logs = logs;
		this.out = out;
	}

	List<Duration> run(int starts) throws IOException, InterruptedException {
		loadClientClasses();
		List<Duration> times = new ArrayList<>();
		for (int i = 1; i <= starts; i++) {
			try (SampleProcess sample = SampleProcess.start(this.command, List.of(),
					this.logs.resolve("cold-start-" + i + ".log"));
					SampleClient client = new SampleClient(sample.port())) {
				Duration time = sample.awaitFirstHello(client);
				times.add(time);
				this.out.printf("  cold start %d/%d: %.0f ms%n", i, starts, Distribution.millis(time));
			}
		}
		return times;
	}

	// Nothing listens on port 1: the refused request loads the client's classes in this JVM
	// so that the first cold start does not pay for them.
	private static void loadClientClasses() throws IOException {
		try (SampleClient client = new SampleClient(1)) {
			client.helloAnswers();
		}
	}

}
