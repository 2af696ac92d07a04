package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample application in a JVM of its own, started on a free port with its output in a
 * log file, and stopped the way an operator stops it (SIGTERM), forcibly if it lingers.
 */
public final class SampleProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_INTERVAL_MILLIS = 10;

	private final Process process;

	private final long startedNanos;

	private final int port;

	private final Path log;

	// Leaves no sample JVM behind if the harness itself is interrupted.
	private final Thread killOnExit;

	private SampleProcess(Process process, long startedNanos, int port, Path log) {
		this.process = process;
		this.startedNanos = startedNanos;
		this.port = port;
		this.log = log;
		this.killOnExit = new Thread(process::destroyForcibly, "kill-sample-" + process.pid());
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
	}

	/**
	 * Starts the sample; it is not serving yet when this returns.
	 * @param command how to start it
	 * @param jvmOptions options for its JVM
	 * @param log where its output goes
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static SampleProcess start(SampleLaunchCommand command, List<String> jvmOptions, Path log)
			throws IOException {
		return start(command, jvmOptions, List.of(), log);
	}

	/**
	 * Starts the sample with more application arguments; it is not serving yet when this
	 * returns.
	 * @param command how to start it
	 * @param jvmOptions options for its JVM
	 * @param arguments application arguments, such as an additional config location
	 * @param log where its output goes
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static SampleProcess start(SampleLaunchCommand command, List<String> jvmOptions, List<String> arguments,
			Path log) throws IOException {
		return start(command, jvmOptions, arguments, log, freePort());
	}

	/**
	 * Starts the sample on a given port, such as the one a stopped sample used; it is not
	 * serving yet when this returns.
	 * @param command how to start it
	 * @param jvmOptions options for its JVM
	 * @param arguments application arguments
	 * @param log where its output goes
	 * @param port the port it listens on
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static SampleProcess start(SampleLaunchCommand command, List<String> jvmOptions, List<String> arguments,
			Path log, int port) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command.command(port, jvmOptions, arguments))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		long started = System.nanoTime();
		return new SampleProcess(builder.start(), started, port, log);
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits until {@code GET /hello} first answers 200.
	 * @param client a client for this process
	 * @return the time from the process start until that answer
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Duration awaitFirstHello(SampleClient client) throws InterruptedException {
		long deadline = this.startedNanos + START_TIMEOUT.toNanos();
		while (!client.helloAnswers()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The sample exited with status " + this.process.exitValue()
						+ " before it answered GET /hello" + logTail());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The sample did not answer GET /hello within " + START_TIMEOUT
						+ logTail());
			}
			Thread.sleep(POLL_INTERVAL_MILLIS);
		}
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	public int port() {
		return this.port;
	}

	/**
	 * The end of the sample's log, to explain a failure.
	 * @return the last lines, prefixed with a line break
	 */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return "; last lines of " + this.log + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "; its log " + this.log + " cannot be read: " + ex;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The harness is exiting: the hook runs anyway and finds the process gone.
		}
	}

}
