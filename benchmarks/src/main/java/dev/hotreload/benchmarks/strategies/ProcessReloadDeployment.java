package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.sample.ProcessWorker;
import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * Strategy 2: {@code --hotreload.mode=process}. The JVM the harness starts is the
 * supervisor: it holds the listening socket and runs the application in worker JVMs,
 * and {@code POST /actuator/reload} answers once a new worker serves. Each reload then
 * waits until the old worker has drained and exited, so that reloads never overlap.
 * Closing stops the supervisor (SIGTERM), which stops its workers; a worker still alive
 * after the supervisor exited is killed and reported by {@link #leftBehind()}.
 */
final class ProcessReloadDeployment extends PostedReload {

	static final String PROCESS_MODE = "--hotreload.mode=process";

	// The sample drains for up to 30 s (hotreload.drain-timeout), then shuts down.
	private static final Duration OLD_WORKER_EXIT_TIMEOUT = Duration.ofSeconds(120);

	private final SampleProcess supervisor;

	private long maxKibAtSwitch = -1;

	ProcessReloadDeployment(SampleServer server, int port, Path log, List<String> args) throws IOException {
		super(port);
		List<String> all = new java.util.ArrayList<>(List.of(PROCESS_MODE));
		all.addAll(args);
		this.supervisor = SampleProcess.start(server.launchCommand(), List.of(), all, log, port);
	}

	@Override
	StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
		List<ProcessWorker> before = this.probe.workers();
		Posted posted = postWhileProbing();
		ReloadResponse response = posted.response();
		if (!response.succeeded() || !"PROCESS".equals(response.kind())) {
			throw new IllegalStateException("Process reload failed: " + response.body() + this.supervisor.logTail());
		}
		// Right after the switch the old worker still drains: every JVM is alive.
		this.maxKibAtSwitch = Math.max(this.maxKibAtSwitch, allJvmsKib());
		List<ProcessWorker> after = awaitOldWorkersExited(before, response.generation());
		long exited = System.nanoTime();
		return new StrategyRun.Reload(number, triggerSeconds, posted.serveAgain(), posted.newVersion(),
				"generation " + response.generation() + " " + response.outcome() + ", worker " + pids(before)
						+ " -> " + pids(after) + ", old worker exited "
						+ (exited - posted.answeredNanos()) / 1_000_000 + " ms after the answer");
	}

	// Polls GET /actuator/reload until the new worker is the only one, and the old
	// workers' processes are gone.
	private List<ProcessWorker> awaitOldWorkersExited(List<ProcessWorker> before, int generation)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + OLD_WORKER_EXIT_TIMEOUT.toNanos();
		while (true) {
			List<ProcessWorker> workers = this.probe.workers();
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

	private static String pids(List<ProcessWorker> workers) {
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
			for (ProcessWorker worker : this.probe.workers()) {
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
