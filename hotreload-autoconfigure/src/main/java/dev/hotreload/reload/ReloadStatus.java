package dev.hotreload.reload;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.GenerationState;

/**
 * Where reloading stands, the body of {@code GET /actuator/reload} and the Java form of
 * the seed's {@code get_reload_status}.
 *
 * @param supported whether this application can reload
 * @param currentGeneration the generation serving new connections
 * @param reloadRequested whether a reload waits to start
 * @param reloadInProgress whether a reload is running
 * @param generations the live generations, oldest first
 * @param lastReload the last reload that ended, {@code null} before the first
 * @param listeners the listening sockets
 */
public record ReloadStatus(boolean supported, int currentGeneration, boolean reloadRequested,
		boolean reloadInProgress, List<GenerationStatus> generations, @Nullable ReloadResult lastReload,
		List<ListenerStatus> listeners) {

	/**
	 * One live generation.
	 *
	 * @param generation its number
	 * @param state where it is in its life
	 * @param pid the process it runs in
	 * @param startTime when it started
	 * @param uptimeSeconds how long it has run
	 * @param inFlightRequests requests it is processing
	 * @param openConnections connections it has open
	 */
	public record GenerationStatus(int generation, GenerationState state, long pid, Instant startTime,
			long uptimeSeconds, int inFlightRequests, int openConnections) {
	}

	/**
	 * One listening socket.
	 *
	 * @param name what it serves: {@code server}, or {@code management} on its own port
	 * @param address the address it is bound to
	 * @param shared whether it outlives generations (always, for sockets hotreload binds)
	 */
	public record ListenerStatus(String name, String address, boolean shared) {
	}

}
