package dev.hotreload.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;
import dev.hotreload.rollback.RollbackSettings;

/**
 * One worker JVM as the supervisor sees it: its process, its control connection once it
 * has said hello, its state, and the last lines it printed (the cause of a failed start is
 * usually among them). Its output goes on to the supervisor's.
 */
final class WorkerProcess {

	private static final Log logger = LogFactory.getLog(WorkerProcess.class);

	private static final int TAIL_LINES = 25;

	private static final int KEPT_LINES = 400;

	private final int startedFor;

	private final Process process;

	private final Path directory;

	private final Instant startTime = Instant.now();

	private final Deque<String> tail = new ArrayDeque<>();

	private final CompletableFuture<Long> ready = new CompletableFuture<>();

	private final CompletableFuture<ControlConnection> connection = new CompletableFuture<>();

	private volatile int generation;

	private @Nullable Thread pump;

	private volatile GenerationState state = GenerationState.STARTING;

	private volatile @Nullable String unhealthy;

	private volatile RollbackSettings rollbackSettings = RollbackSettings.none();

	private WorkerProcess(int generation, Process process, Path directory) {
		this.startedFor = generation;
		this.generation = generation;
		this.process = process;
		this.directory = directory;
	}

	/**
	 * Starts a worker with the supervisor's standard input (the listening socket).
	 * @param generation the generation it starts
	 * @param command its command line
	 * @param environment what it finds in its environment besides the supervisor's
	 * @param directory its own directory
	 * @param output where its output goes on to
	 * @return the started worker
	 * @throws IOException if it could not be started
	 */
	static WorkerProcess start(int generation, List<String> command, Map<String, String> environment, Path directory,
			PrintStream output) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
			.redirectErrorStream(true);
		// Socket activation's variables were for the supervisor: a worker's socket is its stdin.
		builder.environment().keySet().removeAll(SystemdListenFds.VARIABLES);
		builder.environment().putAll(environment);
		WorkerProcess worker = new WorkerProcess(generation, builder.start(), directory);
		Thread pump = new Thread(() -> worker.pump(output), "hotreload-worker-" + generation + "-output");
		pump.setDaemon(true);
		worker.pump = pump;
		pump.start();
		return worker;
	}

	private void pump(PrintStream output) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.println(line);
				synchronized (this.tail) {
					if (this.tail.size() == KEPT_LINES) {
						this.tail.removeFirst();
					}
					this.tail.addLast(line);
				}
			}
		}
		catch (IOException ex) {
			// The worker is gone; its exit is reported where it is awaited.
		}
	}

	int startedFor() {
		return this.startedFor;
	}

	/**
	 * The generation it serves: the one it was started for, or a newer one after a
	 * context reload in its JVM.
	 */
	int generation() {
		return this.generation;
	}

	void generation(int generation) {
		this.generation = generation;
	}

	long pid() {
		return this.process.pid();
	}

	Path directory() {
		return this.directory;
	}

	GenerationState state() {
		return this.state;
	}

	void state(GenerationState state) {
		this.state = state;
	}

	void connected(ControlConnection control) {
		this.connection.complete(control);
	}

	/**
	 * The worker is ready.
	 * @param startupMillis its start-up time
	 * @param unhealthy why its health is down, {@code null} if it is up
	 * @param rollbackSettings its rollback settings, read from its configuration
	 */
	void readyAfter(long startupMillis, @Nullable String unhealthy, RollbackSettings rollbackSettings) {
		this.unhealthy = unhealthy;
		this.rollbackSettings = rollbackSettings;
		this.ready.complete(startupMillis);
	}

	/**
	 * Why its health was down when it was ready.
	 * @return the reason, {@code null} if it was up
	 */
	@Nullable String unhealthy() {
		return this.unhealthy;
	}

	RollbackSettings rollbackSettings() {
		return this.rollbackSettings;
	}

	/**
	 * Completes with the worker's start-up time once it is ready.
	 */
	CompletableFuture<Long> ready() {
		return this.ready;
	}

	/**
	 * Completes with its exit code.
	 */
	CompletableFuture<Integer> exited() {
		return this.process.onExit().thenApply(Process::exitValue);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Retires this worker: a newer one serves. It drains and exits on its own; if it is
	 * still alive after the bound, it is stopped.
	 * @param current the generation that serves now
	 * @param bound how long it may take: its drain, then its shutdown
	 * @param timer where the check after the bound runs
	 */
	void retire(int current, Duration bound, ScheduledExecutorService timer) {
		state(GenerationState.DRAINING);
		send(ControlMessage.of("RETIRE").with("current", current));
		timer.schedule(() -> {
			if (isAlive()) {
				logger.warn(this + " did not exit within " + bound + " of its retirement; stopping it");
				stop(Duration.ofSeconds(10));
			}
		}, bound.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Sends a message once the worker has connected; a worker that is gone drops it.
	 * @param message the message
	 */
	void send(ControlMessage message) {
		this.connection.thenAccept((control) -> control.send(message));
	}

	/**
	 * Asks the worker to shut down gracefully (SIGTERM), and kills it if it has not exited
	 * within the grace period.
	 * @param grace how long it may take
	 * @return whether it exited within the grace period
	 */
	boolean stop(Duration grace) {
		this.process.destroy();
		try {
			if (this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process.destroyForcibly();
		return false;
	}

	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * The last lines it printed but for stack frames, which would crowd out the causes;
	 * once it has exited, all it printed has been read.
	 * @return the lines, oldest first
	 */
	String tail() {
		Thread reader = this.pump;
		if (!isAlive() && reader != null) {
			try {
				reader.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		List<String> lines;
		synchronized (this.tail) {
			lines = this.tail.stream().filter((line) -> !line.startsWith("\tat ") && !line.startsWith("\t...")).toList();
		}
		return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
	}

	WorkerStatus status() {
		return new WorkerStatus(this.generation, pid(), this.state, this.startTime,
				Duration.between(this.startTime, Instant.now()).toSeconds());
	}

	Duration uptime() {
		return Duration.between(this.startTime, Instant.now());
	}

	@Nullable ControlConnection connectionIfAny() {
		return this.connection.getNow(null);
	}

	@Override
	public String toString() {
		return "worker " + pid() + " (generation " + this.generation + ")";
	}

}
