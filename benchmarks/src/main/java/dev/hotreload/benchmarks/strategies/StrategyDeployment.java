package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * The sample deployed the way one {@link Strategy} needs it, on one port for its whole
 * run, and that strategy's way to reload it. Closing it stops every JVM it started.
 */
abstract class StrategyDeployment implements AutoCloseable {

	private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(120);

	private static final long PROBE_INTERVAL_MILLIS = 5;

	/** Plain Spring Boot: the starter is on the class path but off. */
	static final String HOTRELOAD_OFF = "--hotreload.enabled=false";

	protected final SampleClient probe;

	protected final int port;

	StrategyDeployment(int port) {
		this.port = port;
		this.probe = new SampleClient(port);
	}

	/**
	 * Starts the sample for a strategy and waits until it serves.
	 * @param strategy the strategy
	 * @param logs where the JVMs' logs go
	 * @return the serving deployment
	 * @throws IOException if a JVM cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static StrategyDeployment start(Strategy strategy, Path logs) throws IOException, InterruptedException {
		int port = SampleProcess.freePort();
		StrategyDeployment deployment = switch (strategy) {
			case HOTRELOAD -> new HotReload(port, logs.resolve("strategy-hotreload.log"));
			case HOTRELOAD_PROCESS -> new ProcessReload(port, logs.resolve("strategy-hotreload-process.log"), List.of());
			case HOTRELOAD_PROCESS_WARM -> new ProcessReload(port, logs.resolve("strategy-hotreload-process-warm.log"),
					List.of("--hotreload.warm-up.requests=5000", "--hotreload.warm-up.path=/hello"));
			case JVM_RESTART -> new JvmRestart("strategy-" + strategy.label(), port, logs, "--server.shutdown=immediate");
			case GRACEFUL_RESTART -> new JvmRestart("strategy-" + strategy.label(), port, logs, "--server.shutdown=graceful");
			case CONTEXT_RESTART -> new ContextRestart(port, logs);
		};
		return awaitStarted(deployment);
	}

	/**
	 * Starts the sample for steady load, with or without hotreload, and waits until it
	 * serves.
	 * @param hotreload whether the starter is on
	 * @param logs where the JVM's log goes
	 * @return the serving deployment
	 * @throws IOException if the JVM cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static StrategyDeployment startSteady(boolean hotreload, Path logs) throws IOException, InterruptedException {
		int port = SampleProcess.freePort();
		return awaitStarted(hotreload ? new HotReload(port, logs.resolve("steady-hotreload-on.log"))
				: new JvmRestart("steady-hotreload-off", port, logs, "--server.shutdown=graceful"));
	}

	private static StrategyDeployment awaitStarted(StrategyDeployment deployment)
			throws IOException, InterruptedException {
		try {
			deployment.awaitServing(System.nanoTime());
			return deployment;
		}
		catch (RuntimeException | InterruptedException ex) {
			deployment.close();
			throw ex;
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Reloads the strategy's way and waits until fresh connections are served again.
	 * @param number the reload's number, 1, 2, ...
	 * @param triggerSeconds when the caller triggers it, for the result
	 * @return what it took
	 * @throws IOException if the reload cannot be triggered
	 * @throws InterruptedException if interrupted
	 */
	abstract StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException;

	/** The JVM currently serving, to explain a failure; in process mode the supervisor. */
	abstract SampleProcess current();

	/**
	 * The resident memory of the deployment's JVMs now.
	 * @return one reading per JVM
	 */
	List<JvmMemory> memory() {
		return List.of(JvmMemory.of("JVM", current().pid()));
	}

	/**
	 * The most that every JVM of the deployment held together right after a switch.
	 * @return KiB, -1 where it is not measured
	 */
	long maxKibAtSwitch() {
		return -1;
	}

	/**
	 * What the last JVM started and left alive after it exited, once closed.
	 * @return each as {@code pid command}; empty if nothing was left
	 */
	List<String> leftBehind() {
		return current().leftBehind();
	}

	/**
	 * Whether closing had to kill the last JVM: it did not exit on SIGTERM in time.
	 * @return {@code true} if it was killed
	 */
	boolean stoppedForcibly() {
		return current().stoppedForcibly();
	}

	/**
	 * Probes {@code GET /hello} on a fresh connection until it answers 200.
	 * @param fromNanos the time to measure from
	 * @return the time from {@code fromNanos} until the 200
	 * @throws InterruptedException if interrupted
	 */
	Duration awaitServing(long fromNanos) throws InterruptedException {
		while (!this.probe.helloAnswers()) {
			SampleProcess current = current();
			if (!current.isAlive()) {
				throw new IllegalStateException("The sample exited before it served again" + current.logTail());
			}
			if (System.nanoTime() - fromNanos > SERVE_TIMEOUT.toNanos()) {
				throw new IllegalStateException("The sample did not serve within " + SERVE_TIMEOUT + current.logTail());
			}
			Thread.sleep(PROBE_INTERVAL_MILLIS);
		}
		return Duration.ofNanos(System.nanoTime() - fromNanos);
	}

	/** Stops the JVM serving now, then the probe. */
	@Override
	public void close() throws IOException, InterruptedException {
		try {
			current().close();
		}
		finally {
			this.probe.close();
		}
	}

	/**
	 * The hotreload strategies: {@code POST /actuator/reload}, which answers once the new
	 * generation serves, while a fresh connection is probed as for the other strategies.
	 */
	abstract static class PostedReload extends StrategyDeployment {

		private final SampleClient operator;

		PostedReload(int port) throws IOException {
			super(port);
			this.operator = new SampleClient(port);
		}

		Posted postWhileProbing() throws IOException, InterruptedException {
			long trigger = System.nanoTime();
			CompletableFuture<Answer> post = CompletableFuture.supplyAsync(() -> {
				try {
					return new Answer(this.operator.reload(), System.nanoTime());
				}
				catch (IOException ex) {
					throw new IllegalStateException("POST /actuator/reload failed", ex);
				}
			});
			Duration serveAgain = awaitServing(trigger);
			try {
				Answer answer = post.get();
				return new Posted(answer.response(), serveAgain, Duration.ofNanos(answer.nanos() - trigger),
						answer.nanos());
			}
			catch (ExecutionException ex) {
				throw new IOException(ex.getCause());
			}
		}

		@Override
		public void close() throws IOException, InterruptedException {
			try {
				super.close();
			}
			finally {
				this.operator.close();
			}
		}

		/**
		 * A reload's answer.
		 *
		 * @param response the POST's answer
		 * @param serveAgain from the trigger until a fresh connection got a 200
		 * @param newVersion from the trigger until the POST answered
		 * @param answeredNanos when it answered ({@link System#nanoTime()})
		 */
		record Posted(ReloadResponse response, Duration serveAgain, Duration newVersion, long answeredNanos) {
		}

		private record Answer(ReloadResponse response, long nanos) {
		}

	}

	/** Strategy 1: one JVM, {@code POST /actuator/reload}. */
	static final class HotReload extends PostedReload {

		private final SampleProcess sample;

		HotReload(int port, Path log) throws IOException {
			super(port);
			this.sample = SampleProcess.start(SampleLaunchCommand.forThisJvm(), List.of(), List.of(), log, port);
		}

		@Override
		StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
			Posted posted = postWhileProbing();
			if (!posted.response().succeeded()) {
				throw new IllegalStateException("Reload failed: " + posted.response().body());
			}
			return new StrategyRun.Reload(number, triggerSeconds, posted.serveAgain(), posted.newVersion(),
					"generation " + posted.response().generation() + " " + posted.response().outcome());
		}

		@Override
		SampleProcess current() {
			return this.sample;
		}

	}

	/**
	 * Strategy 2: {@code --hotreload.mode=process}. The JVM the harness starts is the
	 * supervisor: it holds the listening socket and runs the application in worker JVMs,
	 * and {@code POST /actuator/reload} answers once a new worker serves. Each reload then
	 * waits until the old worker has drained and exited, so that reloads never overlap.
	 * Closing stops the supervisor (SIGTERM), which stops its workers; a worker still alive
	 * after the supervisor exited is killed and reported by {@link #leftBehind()}.
	 */
	static final class ProcessReload extends PostedReload {

		static final String PROCESS_MODE = "--hotreload.mode=process";

		// The sample drains for up to 30 s (hotreload.drain-timeout), then shuts down.
		private static final Duration OLD_WORKER_EXIT_TIMEOUT = Duration.ofSeconds(120);

		private final SampleProcess supervisor;

		private long maxKibAtSwitch = -1;

		ProcessReload(int port, Path log, List<String> args) throws IOException {
			super(port);
			List<String> all = new java.util.ArrayList<>(List.of(PROCESS_MODE));
			all.addAll(args);
			this.supervisor = SampleProcess.start(SampleLaunchCommand.forThisJvm(), List.of(), all, log, port);
		}

		@Override
		StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
			List<SampleClient.Worker> before = this.probe.workers();
			Posted posted = postWhileProbing();
			ReloadResponse response = posted.response();
			if (!response.succeeded() || !"PROCESS".equals(response.kind())) {
				throw new IllegalStateException("Process reload failed: " + response.body() + this.supervisor.logTail());
			}
			// Right after the switch the old worker still drains: every JVM is alive.
			this.maxKibAtSwitch = Math.max(this.maxKibAtSwitch, allJvmsKib());
			List<SampleClient.Worker> after = awaitOldWorkersExited(before, response.generation());
			long exited = System.nanoTime();
			return new StrategyRun.Reload(number, triggerSeconds, posted.serveAgain(), posted.newVersion(),
					"generation " + response.generation() + " " + response.outcome() + ", worker " + pids(before)
							+ " -> " + pids(after) + ", old worker exited "
							+ (exited - posted.answeredNanos()) / 1_000_000 + " ms after the answer");
		}

		// Polls GET /actuator/reload until the new worker is the only one, and the old
		// workers' processes are gone.
		private List<SampleClient.Worker> awaitOldWorkersExited(List<SampleClient.Worker> before, int generation)
				throws IOException, InterruptedException {
			long deadline = System.nanoTime() + OLD_WORKER_EXIT_TIMEOUT.toNanos();
			while (true) {
				List<SampleClient.Worker> workers = this.probe.workers();
				boolean oldAlive = before.stream()
					.anyMatch((worker) -> ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive).orElse(false));
				if (workers.size() == 1 && workers.get(0).generation() == generation && !oldAlive) {
					return workers;
				}
				if (!this.supervisor.isAlive()) {
					throw new IllegalStateException("The supervisor exited after reload to generation " + generation
							+ this.supervisor.logTail());
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("After the reload to generation " + generation + " the workers are "
							+ workers + " (old workers " + before + (oldAlive ? ", still alive" : "") + ") after "
							+ OLD_WORKER_EXIT_TIMEOUT + this.supervisor.logTail());
				}
				Thread.sleep(50);
			}
		}

		private static String pids(List<SampleClient.Worker> workers) {
			return String.join("+", workers.stream().map((worker) -> Long.toString(worker.pid())).toList());
		}

		private long allJvmsKib() {
			long total = JvmMemory.rssKib(this.supervisor.pid());
			for (ProcessHandle child : ProcessHandle.of(this.supervisor.pid())
				.map((handle) -> handle.descendants().toList())
				.orElse(List.of())) {
				total += Math.max(0, JvmMemory.rssKib(child.pid()));
			}
			return total;
		}

		@Override
		List<JvmMemory> memory() {
			List<JvmMemory> memory = new ArrayList<>();
			memory.add(JvmMemory.of("supervisor", this.supervisor.pid()));
			try {
				for (SampleClient.Worker worker : this.probe.workers()) {
					memory.add(JvmMemory.of("worker", worker.pid()));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("GET /actuator/reload failed" + this.supervisor.logTail(), ex);
			}
			return memory;
		}

		@Override
		long maxKibAtSwitch() {
			return this.maxKibAtSwitch;
		}

		@Override
		SampleProcess current() {
			return this.supervisor;
		}

	}

	/** Strategies 3 and 5: SIGTERM, wait for the JVM to exit, a new JVM on the same port. */
	static final class JvmRestart extends StrategyDeployment {

		private final SampleLaunchCommand command = SampleLaunchCommand.forThisJvm(ContextRestartLauncher.MAIN_CLASS);

		private final List<String> arguments;

		private final Path logs;

		private final String label;

		private SampleProcess sample;

		JvmRestart(String label, int port, Path logs, String shutdown) throws IOException {
			super(port);
			this.arguments = List.of(HOTRELOAD_OFF, shutdown);
			this.logs = logs;
			this.label = label;
			this.sample = startJvm(0);
		}

		private SampleProcess startJvm(int number) throws IOException {
			return SampleProcess.start(this.command, List.of(), this.arguments,
					this.logs.resolve(this.label + "-" + number + ".log"), this.port);
		}

		@Override
		StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
			long trigger = System.nanoTime();
			this.sample.close();
			long exited = System.nanoTime();
			this.sample = startJvm(number);
			Duration serveAgain = awaitServing(trigger);
			return new StrategyRun.Reload(number, triggerSeconds, serveAgain, serveAgain,
					"old JVM exited after " + (exited - trigger) / 1_000_000 + " ms");
		}

		@Override
		SampleProcess current() {
			return this.sample;
		}

	}

	/** Strategy 4: the context closed and run again in the same JVM. */
	static final class ContextRestart extends StrategyDeployment {

		private final SampleProcess sample;

		private final HttpClient control = HttpClient.newHttpClient();

		private final URI restart;

		ContextRestart(int port, Path logs) throws IOException {
			super(port);
			int controlPort = SampleProcess.freePort();
			this.restart = URI.create("http://127.0.0.1:" + controlPort + "/restart");
			List<String> jvmOptions = new ArrayList<>();
			jvmOptions.add("-D" + ContextRestartLauncher.CONTROL_PORT_PROPERTY + "=" + controlPort);
			this.sample = SampleProcess.start(SampleLaunchCommand.forThisJvm(ContextRestartLauncher.MAIN_CLASS),
					jvmOptions, List.of(HOTRELOAD_OFF), logs.resolve("strategy-context-restart.log"), port);
		}

		@Override
		StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
			long trigger = System.nanoTime();
			// Answers once the old context is closed; then the application runs again.
			HttpResponse<String> closed = this.control.send(
					HttpRequest.newBuilder(this.restart).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
			if (closed.statusCode() != 200) {
				throw new IllegalStateException("Restart trigger answered " + closed.statusCode() + ": " + closed.body());
			}
			Duration serveAgain = awaitServing(trigger);
			return new StrategyRun.Reload(number, triggerSeconds, serveAgain, serveAgain, closed.body().strip());
		}

		@Override
		SampleProcess current() {
			return this.sample;
		}

	}

}
