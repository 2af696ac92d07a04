package dev.hotreload.process.handover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.WorkerConnections;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;

/**
 * Sets a worker up to hand its idle keep-alive connections to the serving worker when it
 * retires, and to adopt those of retiring workers while it serves. Each worker listens on
 * {@code handover-<pid>.sock} in the supervisor's private directory; a retiring worker
 * finds the serving one in the supervisor's view of the workers.
 */
public final class WorkerHandOvers {

	private static final Log logger = LogFactory.getLog(WorkerHandOvers.class);

	/** The view after a retirement names the serving worker a moment after the retirement. */
	private static final Duration VIEW_WAIT = Duration.ofSeconds(2);

	private WorkerHandOvers() {
	}

	/**
	 * Starts this worker's hand-over socket and sets where its connections go when it
	 * retires; does nothing (logged) where descriptors cannot be passed.
	 * @param connections the application's connections that cross workers
	 * @param directory the supervisor's private directory
	 * @param workers the live workers as the supervisor last told them
	 */
	public static void install(WorkerConnections connections, Path directory, Supplier<List<WorkerStatus>> workers) {
		long self = ProcessHandle.current().pid();
		Path path = HandOverServer.pathFor(directory, self);
		HandOverServer server;
		try {
			server = HandOverServer.startIfSupported(path, connections::canAdopt, connections::adopt);
		}
		catch (IOException ex) {
			logger.warn("Cannot listen for the keep-alive connections of retiring workers on " + path
					+ "; they take the close path", ex);
			return;
		}
		if (server == null) {
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.close();
			}
			catch (IOException ex) {
				// The supervisor deletes its directory in the end.
			}
		}, "hotreload-handover-close"));
		ProcessHandOff handOff = ProcessHandOff.ifSupported(() -> servingWorker(directory, self, workers));
		if (handOff != null) {
			connections.handOverWhenRetiring(handOff);
		}
	}

	private static @Nullable Path servingWorker(Path directory, long self, Supplier<List<WorkerStatus>> workers) {
		return Polling.until(VIEW_WAIT, Duration.ofMillis(10), () -> workers.get()
			.stream()
			.filter((worker) -> worker.state() == GenerationState.ACTIVE && worker.pid() != self)
			.map((worker) -> HandOverServer.pathFor(directory, worker.pid()))
			.filter(Files::exists)
			.findFirst()
			.orElse(null));
	}

}
