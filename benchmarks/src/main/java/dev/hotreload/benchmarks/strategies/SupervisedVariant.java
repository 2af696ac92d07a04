package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * One supervisor of a {@link WorkerStartVariant}, running a copy of the sample's jar of
 * its own (so that a new release can be moved over it), and what was measured of it.
 */
final class SupervisedVariant implements AutoCloseable {

	private static final String BUILT = "Built the class data archive ";

	private static final String WITH_ARCHIVE = "The worker starts with the class data archive ";

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

	final WorkerStartVariant variant;

	final SampleProcess process;

	final SampleClient client;

	final Path jar;

	final List<Duration> idle = new ArrayList<>();

	final List<Duration> newJar = new ArrayList<>();

	final List<double[]> loaded = new ArrayList<>();

	private SupervisedVariant(WorkerStartVariant variant, Path jar, SampleProcess process, SampleClient client) {
		this.variant = variant;
		this.jar = jar;
		this.process = process;
		this.client = client;
	}

	/**
	 * Starts a supervisor on a copy of the sample's jar and waits until it serves and, with
	 * the archive, until the archive is there, printing the line that says so. Stops it if
	 * that fails.
	 */
	static SupervisedVariant start(WorkerStartVariant variant, Path sampleJar, Path work, Path cache, PrintStream out)
			throws Exception {
		Path jar = Files.createDirectories(work.resolve(variant.directory())).resolve("app.jar");
		Files.copy(sampleJar, jar, StandardCopyOption.REPLACE_EXISTING);
		Path log = work.resolve("supervisor-" + variant.directory() + ".log");
		SampleProcess process = SampleProcess.start(SampleLaunchCommand.forJar(jar), List.of(),
				variant.arguments(cache), log);
		SampleClient client = new SampleClient(process.port());
		SupervisedVariant supervised = new SupervisedVariant(variant, jar, process, client);
		try {
			process.awaitFirstHello(client);
			if (variant.archive()) {
				awaitArchive(log, process, out);
			}
			return supervised;
		}
		catch (Exception ex) {
			supervised.close();
			throw ex;
		}
	}

	private static void awaitArchive(Path log, SampleProcess supervisor, PrintStream out)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
		while (true) {
			String said = Files.readString(log);
			int built = said.indexOf(BUILT);
			if (built < 0) {
				// Built by an earlier run into the same cache: the first worker already used it.
				built = said.indexOf(WITH_ARCHIVE);
			}
			if (built >= 0) {
				out.println("  " + said.substring(built, said.indexOf('\n', built)).strip());
				return;
			}
			if (said.contains("Building the class data archive failed") || !supervisor.isAlive()
					|| System.nanoTime() > deadline) {
				throw new IllegalStateException("No class data archive was built" + supervisor.logTail());
			}
			Thread.sleep(500);
		}
	}

	@Override
	public void close() throws Exception {
		try (this.process; this.client) {
			// Both closed.
		}
	}

}
