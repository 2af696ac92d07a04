package dev.hotreload.benchmarks.devloop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hotreload.benchmarks.load.LoadGenerator;
import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * One setup's run: the sample in a JVM of its own from a fresh copy of its class
 * directory, the load on it, and the code changes one after the other, each a new
 * {@code SampleBuild} class file written into the copy and waited for until
 * {@code GET /hello} on a new connection names the new build.
 */
final class DevLoopSession {

	static final LoadShape LOAD = LoadShape.DEFAULT;

	/** As in the strategy comparison: errors count what clients retrying 10 times a second see. */
	static final long PAUSE_AFTER_ERROR_MILLIS = 100;

	private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(120);

	private static final long PROBE_INTERVAL_MILLIS = 5;

	// DevTools logs each restart with this, which tells whether a change restarted once.
	private static final String DEVTOOLS_RESTART = "Restarting due to";

	private final DevLoopSetup setup;

	private final DevLoopOptions options;

	private final PrintStream out;

	DevLoopSession(DevLoopSetup setup, DevLoopOptions options, PrintStream out) {
		this.setup = setup;
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the setup; stops its JVM also when it fails.
	 * @param classPath what the sample runs from
	 * @param scratch an empty directory for the copied classes and the compiled builds
	 * @param log where the sample's output goes
	 * @return what was measured
	 * @throws IOException if the JVM or a class file fails
	 * @throws InterruptedException if interrupted
	 */
	DevLoopRun run(SampleClassPath classPath, Path scratch, Path log) throws IOException, InterruptedException {
		Path classes = classPath.copyClasses(scratch.resolve("classes"));
		// Compiled before the JVM starts, so that the compiler takes no processor from the runs.
		List<byte[]> builds = new ArrayList<>();
		for (int i = 1; i <= this.options.changes(); i++) {
			builds.add(SampleBuildClass.compile(build(i), Files.createDirectories(scratch.resolve(build(i)))));
		}
		SampleLaunchCommand command = SampleLaunchCommand.forClassPath(
				classPath.entries(classes, this.setup.devtools()), "java -cp <copied class directory>:<dependency jars>"
						+ (this.setup.devtools() ? ":spring-boot-devtools" : ""));
		int port = SampleProcess.freePort();
		SampleProcess sample = SampleProcess.start(command, List.of(), this.setup.arguments(), log, port);
		List<CodeChange> changes = new ArrayList<>();
		RequestRecorder recorder;
		Duration firstHello;
		double seconds;
		LoadResult load;
		try (SampleClient client = new SampleClient(port)) {
			firstHello = sample.awaitFirstHello(client);
			awaitBuild(client, sample, "v1", System.nanoTime());
			// Time 0 of the run is the load's start.
			recorder = new RequestRecorder();
			try (LoadGenerator generator = new LoadGenerator(port, LOAD, recorder, PAUSE_AFTER_ERROR_MILLIS)) {
				Thread.sleep(this.options.warmUpMillis());
				for (int i = 1; i <= this.options.changes(); i++) {
					CodeChange change = change(i, builds.get(i - 1), classes, client, sample, recorder, log);
					changes.add(change);
					this.out.printf(Locale.ROOT, "  %d/%d at %.1f s: %s served %.0f ms after its class file was"
							+ " written (%s)%n", i, this.options.changes(), change.writtenSeconds(), change.build(),
							Distribution.millis(change.writtenToServed()), change.detail());
					Thread.sleep(this.options.pauseMillis());
				}
				seconds = recorder.seconds(System.nanoTime());
				load = generator.stop();
			}
		}
		finally {
			sample.close();
		}
		return new DevLoopRun(this.setup, recorder, seconds, changes, firstHello, load.errorExamples(),
				sample.leftBehind(), sample.stoppedForcibly());
	}

	// The copied classes are v1: change 1 writes v2.
	private static String build(int change) {
		return "v" + (change + 1);
	}

	private CodeChange change(int number, byte[] classFile, Path classes, SampleClient client, SampleProcess sample,
			RequestRecorder recorder, Path log) throws IOException, InterruptedException {
		long written = SampleBuildClass.write(classes, classFile);
		// Nothing else is done: each setup notices the class file itself.
		long served = awaitBuild(client, sample, build(number), written);
		String detail = this.setup.devtools() ? "restarts logged so far: " + count(log, DEVTOOLS_RESTART)
				: hotreloadDetail(client.lastReload(), number + 1);
		return new CodeChange(number, build(number), recorder.seconds(written), recorder.seconds(served), detail);
	}

	// What the reload that served the change says of itself; one reload per change is expected.
	private static String hotreloadDetail(ReloadResponse reload, int expectedGeneration) {
		if (!reload.succeeded() || !"FILE".equals(reload.trigger())) {
			throw new IllegalStateException("The last reload was not a file change's success: " + reload.body());
		}
		return "generation " + reload.generation() + ", started and switched in " + reload.duration().toMillis()
				+ " ms after the quiet period"
				+ ((reload.generation() != expectedGeneration) ? " (not generation " + expectedGeneration + ")" : "");
	}

	/**
	 * Probes {@code GET /hello} on new connections until it names a build.
	 * @return {@link System#nanoTime()} of the first answer that did
	 */
	private static long awaitBuild(SampleClient client, SampleProcess sample, String build, long fromNanos)
			throws InterruptedException {
		while (!build.equals(client.helloBuild())) {
			if (!sample.isAlive()) {
				throw new IllegalStateException("The sample exited before it served " + build + sample.logTail());
			}
			if (System.nanoTime() - fromNanos > SERVE_TIMEOUT.toNanos()) {
				throw new IllegalStateException("The sample did not serve " + build + " within " + SERVE_TIMEOUT
						+ sample.logTail());
			}
			Thread.sleep(PROBE_INTERVAL_MILLIS);
		}
		return System.nanoTime();
	}

	// Latin-1 reads any byte: a log line is never malformed for it.
	private static long count(Path log, String text) throws IOException {
		try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
	}

}
