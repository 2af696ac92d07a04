package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleClient;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The sample deployed the way one {@link Strategy} needs it, on one port for its whole
 * run, and that strategy's way to reload it. Closing it stops every JVM it started.
 */
abstract class StrategyDeployment implements AutoCloseable {

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
	 * @param server the sample's server; the strategy must run on it
	 * @param logs where the JVMs' logs go
	 * @return the serving deployment
	 * @throws IOException if a JVM cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static StrategyDeployment start(Strategy strategy, SampleServer server, Path logs)
			throws IOException, InterruptedException {
		int port = SampleProcess.freePort();
		StrategyDeployment deployment = switch (strategy) {
			case HOTRELOAD -> new HotReloadDeployment(server, port, logs.resolve("strategy-hotreload.log"));
			case HOTRELOAD_PROCESS -> new ProcessReloadDeployment(server, port,
					logs.resolve("strategy-hotreload-process.log"), List.of());
			case HOTRELOAD_PROCESS_WARM -> new ProcessReloadDeployment(server, port,
					logs.resolve("strategy-hotreload-process-warm.log"),
					List.of("--hotreload.warm-up.requests=5000", "--hotreload.warm-up.path=/hello"));
			case JVM_RESTART -> new JvmRestartDeployment(server, "strategy-" + strategy.label(), port, logs,
					"--server.shutdown=immediate");
			case GRACEFUL_RESTART -> new JvmRestartDeployment(server, "strategy-" + strategy.label(), port, logs,
					"--server.shutdown=graceful");
			case CONTEXT_RESTART -> new ContextRestartDeployment(port, logs);
		};
		return awaitStarted(deployment);
	}

	/**
	 * Starts the sample for steady load, with or without hotreload, and waits until it
	 * serves.
	 * @param hotreload whether the starter is on
	 * @param server the sample's server
	 * @param logs where the JVM's log goes
	 * @return the serving deployment
	 * @throws IOException if the JVM cannot be started
	 * @throws InterruptedException if interrupted
	 */
	static StrategyDeployment startSteady(boolean hotreload, SampleServer server, Path logs)
			throws IOException, InterruptedException {
		int port = SampleProcess.freePort();
		return awaitStarted(hotreload ? new HotReloadDeployment(server, port, logs.resolve("steady-hotreload-on.log"))
				: new JvmRestartDeployment(server, "steady-hotreload-off", port, logs, "--server.shutdown=graceful"));
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
			if (System.nanoTime() - fromNanos > SampleProcess.START_TIMEOUT.toNanos()) {
				throw new IllegalStateException("The sample did not serve within " + SampleProcess.START_TIMEOUT + current.logTail());
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

}
