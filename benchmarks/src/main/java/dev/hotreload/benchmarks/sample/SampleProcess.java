package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sample application in a JVM of its own, started on a free port with its output in a
 * log file, and stopped the way an operator stops it (SIGTERM), forcibly if it lingers.
 * Processes it started (the worker JVMs of process mode) are stopped with it: any that is
 * still alive once it has exited is killed and remembered, see {@link #leftBehind()}.
 */
public final class SampleProcess implements AutoCloseable {

	/**
	 * Seconds a sample may take to start, default 120: more for a run at nice 19 on a
	 * machine that others keep busy, where a start has been seen to take over 2 minutes.
	 * When set, it is also every sample's {@code hotreload.reload-timeout} (a new
	 * generation is a start too), and the clients wait for answers that long.
	 */
	public static final String START_TIMEOUT_PROPERTY = "hotreload.benchmarks.start-timeout-seconds";

	/** How long a sample may take until it serves. */
	public static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong(START_TIMEOUT_PROPERTY, 120));

	private static final long STOP_SECONDS = 30;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(STOP_SECONDS);

	private static final Duration CHILD_EXIT_GRACE = Duration.ofSeconds(2);

	private static final long POLL_INTERVAL_MILLIS = 10;

	private final Process process;

	private final long startedNanos;

	private final int port;

	private final Path log;

	// Leaves no sample JVM behind if the harness itself is interrupted.
	private final Thread killOnExit;

	private volatile List<String> leftBehind = List.of();

	private volatile boolean killed;

	private SampleProcess(Process process, long startedNanos, int port, Path log) {
		this.process = process;
		this.startedNanos = startedNanos;
		this.port = port;
		this.log = log;
		this.killOnExit = new Thread(() -> {
			List<ProcessHandle> children = process.descendants().toList();
			process.destroyForcibly();
			children.forEach(ProcessHandle::destroyForcibly);
		}, "kill-sample-" + process.pid());
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

	/**
	 * The processes this one started that were still alive after it had exited, and that
	 * {@link #close()} then killed: none for a plain sample; in process mode, worker JVMs
	 * the supervisor did not stop.
	 * @return each as {@code pid command}, empty before {@code close()}
	 */
	public List<String> leftBehind() {
		return this.leftBehind;
	}

	/**
	 * Whether {@link #close()} had to kill it: it had not exited within
	 * {@value #STOP_SECONDS} s of SIGTERM.
	 * @return {@code true} if it was killed
	 */
	public boolean stoppedForcibly() {
		return this.killed;
	}

	private static String abbreviated(String commandLine) {
		return (commandLine.length() <= 160) ? commandLine : commandLine.substring(0, 157) + "...";
	}

	/**
	 * Sends SIGTERM, waits for the exit (SIGKILL after {@value #STOP_SECONDS} s), then kills
	 * whatever it started that is still alive and remembers it in {@link #leftBehind()}.
	 */
	@Override
	public void close() throws InterruptedException {
		// Once it has exited, its children are re-parented and no longer its descendants.
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.killed = true;
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		// A child that is exiting on its own gets a moment before it counts as left behind.
		long deadline = System.nanoTime() + CHILD_EXIT_GRACE.toNanos();
		while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
			Thread.sleep(POLL_INTERVAL_MILLIS);
		}
		List<String> alive = children.stream()
			.filter(ProcessHandle::isAlive)
			.map((child) -> child.pid() + " " + abbreviated(child.info().commandLine().orElse("(command unknown)")))
			.toList();
		for (ProcessHandle child : children) {
			child.destroyForcibly();
		}
		for (ProcessHandle child : children) {
			try {
				child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// Reported through leftBehind: it was alive when it should not have been.
			}
		}
		this.leftBehind = alive;
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// The harness is exiting: the hook runs anyway and finds the process gone.
		}
	}

}
