package dev.hotreload.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.hotreload.reload.ReloadStatus.WorkerStatus;

/**
 * The supervisor's worker processes from their start until they exit, whatever their state
 * (starting, serving, standing by, draining). Copy on write: read on every control message
 * and status, changed only when a worker starts or exits.
 */
final class LiveWorkers {

	private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();

	void add(WorkerProcess worker) {
		this.workers.add(worker);
	}

	void remove(WorkerProcess worker) {
		this.workers.remove(worker);
	}

	int size() {
		return this.workers.size();
	}

	/**
	 * The worker a control connection introduces itself as.
	 * @param startedFor the generation the worker was started for
	 * @param pid its process id
	 * @return the worker, or {@code null} if none alive matches
	 */
	@Nullable WorkerProcess find(int startedFor, long pid) {
		return this.workers.stream()
			.filter((worker) -> worker.startedFor() == startedFor && worker.pid() == pid)
			.findFirst()
			.orElse(null);
	}

	List<WorkerStatus> statuses() {
		return this.workers.stream().map(WorkerProcess::status).toList();
	}

	/**
	 * Sends a message to every worker connected to the control socket by now; one that
	 * connects later gets the next.
	 */
	void sendToConnected(ControlMessage message) {
		for (WorkerProcess worker : this.workers) {
			ControlConnection connection = worker.connectionIfAny();
			if (connection != null) {
				connection.send(message);
			}
		}
	}

	/**
	 * Stops every worker at the same time, each gracefully (SIGTERM) and killed if it
	 * outlasts its grace period; returns once each has exited or been killed.
	 */
	void stopAll(Duration grace) {
		CompletableFuture.allOf(this.workers.stream()
			.map((worker) -> CompletableFuture.runAsync(() -> worker.stop(grace)))
			.toArray(CompletableFuture[]::new)).join();
	}

}
