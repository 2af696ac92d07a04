package dev.hotreload.reload;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import org.jspecify.annotations.Nullable;

import dev.hotreload.generation.GenerationState;

/**
 * Where reloading stands, the body of {@code GET /actuator/reload} and the Java form of
 * the seed's {@code get_reload_status}.
 *
 * @param supported whether this application can reload
 * @param mode where generations run: {@code CONTEXT} (this JVM) or {@code PROCESS}
 * (worker JVMs under a supervisor)
 * @param currentGeneration the generation serving new connections
 * @param reloadRequested whether a reload waits to start
 * @param reloadInProgress whether a reload is running
 * @param generations the live generations in the JVM that answered, oldest first
 * @param lastReload the last reload that ended, {@code null} before the first
 * @param listeners the listening sockets
 * @param supervisor the supervisor in process mode, {@code null} otherwise
 * @param workers every live worker process in process mode, oldest first; empty
 * otherwise
 * @param lastDrain how the connections of the last generation that drained left it (in
 * process mode: in whichever worker drained last), {@code null} before the first drain
 * @param rollbackWindow the rollback window running now (context mode), {@code null} if
 * none runs
 * @param lastSingletonHandOver how singleton work (scheduled tasks, message listeners)
 * last moved to a new generation, {@code null} before the first move
 * @param warnings what the live generations of the JVM that answered do that a reload
 * does not suit (an in-memory database, SQL scripts that run again), each with what to do
 * @param sections what optional modules add, each under its name at the top level of the
 * JSON ({@code fleet})
 */
public record ReloadStatus(boolean supported, ReloadMode mode, int currentGeneration, boolean reloadRequested,
		boolean reloadInProgress, List<GenerationStatus> generations, @Nullable ReloadResult lastReload,
		List<ListenerStatus> listeners, @Nullable SupervisorStatus supervisor, List<WorkerStatus> workers,
		@Nullable DrainOutcome lastDrain, @Nullable RollbackWindowStatus rollbackWindow,
		@Nullable SingletonHandOver lastSingletonHandOver, List<ReloadWarning> warnings,
		@JsonAnyGetter Map<String, Object> sections) {

	/**
	 * A status without sections: they are added by {@link #withSections(Map)}.
	 */
	public ReloadStatus(boolean supported, ReloadMode mode, int currentGeneration, boolean reloadRequested,
			boolean reloadInProgress, List<GenerationStatus> generations, @Nullable ReloadResult lastReload,
			List<ListenerStatus> listeners, @Nullable SupervisorStatus supervisor, List<WorkerStatus> workers,
			@Nullable DrainOutcome lastDrain, @Nullable RollbackWindowStatus rollbackWindow,
			@Nullable SingletonHandOver lastSingletonHandOver, List<ReloadWarning> warnings) {
		this(supported, mode, currentGeneration, reloadRequested, reloadInProgress, generations, lastReload,
				listeners, supervisor, workers, lastDrain, rollbackWindow, lastSingletonHandOver, warnings, Map.of());
	}

	/**
	 * A status without warnings: they are added by {@link #withWarnings(List)}.
	 */
	public ReloadStatus(boolean supported, ReloadMode mode, int currentGeneration, boolean reloadRequested,
			boolean reloadInProgress, List<GenerationStatus> generations, @Nullable ReloadResult lastReload,
			List<ListenerStatus> listeners, @Nullable SupervisorStatus supervisor, List<WorkerStatus> workers,
			@Nullable DrainOutcome lastDrain, @Nullable RollbackWindowStatus rollbackWindow,
			@Nullable SingletonHandOver lastSingletonHandOver) {
		this(supported, mode, currentGeneration, reloadRequested, reloadInProgress, generations, lastReload,
				listeners, supervisor, workers, lastDrain, rollbackWindow, lastSingletonHandOver, List.of());
	}

	/**
	 * A status with nothing drained, rolled back or moved yet, such as a worker's before it
	 * heard from its supervisor.
	 */
	public ReloadStatus(boolean supported, ReloadMode mode, int currentGeneration, boolean reloadRequested,
			boolean reloadInProgress, List<GenerationStatus> generations, @Nullable ReloadResult lastReload,
			List<ListenerStatus> listeners, @Nullable SupervisorStatus supervisor, List<WorkerStatus> workers) {
		this(supported, mode, currentGeneration, reloadRequested, reloadInProgress,
				generations, lastReload, listeners, supervisor, workers, null, null, null);
	}

	/**
	 * This status with other warnings.
	 * @param warnings the warnings
	 * @return the status
	 */
	public ReloadStatus withWarnings(List<ReloadWarning> warnings) {
		return new ReloadStatus(this.supported, this.mode, this.currentGeneration, this.reloadRequested,
				this.reloadInProgress, this.generations, this.lastReload, this.listeners, this.supervisor,
				this.workers, this.lastDrain, this.rollbackWindow, this.lastSingletonHandOver, List.copyOf(warnings),
				this.sections);
	}

	/**
	 * This status with other sections.
	 * @param sections the sections by name
	 * @return the status
	 */
	public ReloadStatus withSections(Map<String, Object> sections) {
		return new ReloadStatus(this.supported, this.mode, this.currentGeneration, this.reloadRequested,
				this.reloadInProgress, this.generations, this.lastReload, this.listeners, this.supervisor,
				this.workers, this.lastDrain, this.rollbackWindow, this.lastSingletonHandOver, this.warnings,
				Map.copyOf(sections));
	}

	/**
	 * How many live generations are in a state: worker processes in process mode,
	 * contexts otherwise.
	 * @param state the state
	 * @return how many
	 */
	public long liveIn(GenerationState state) {
		return (this.mode == ReloadMode.PROCESS)
				? this.workers.stream().filter((worker) -> worker.state() == state).count()
				: this.generations.stream().filter((generation) -> generation.state() == state).count();
	}

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
	 * The rollback window after a switch: until it ends, the new generation is watched and
	 * the previous one kept able to serve again.
	 *
	 * @param generation the generation watched, serving now
	 * @param previousGeneration the generation kept in standby, the one a rollback serves
	 * @param until when the window ends and the previous generation closes
	 */
	public record RollbackWindowStatus(int generation, int previousGeneration, Instant until) {
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

	/**
	 * The supervisor of process mode: it holds the listening socket and starts workers.
	 *
	 * @param pid its process id, the one to send {@code SIGHUP} to
	 * @param startTime when it started
	 */
	public record SupervisorStatus(long pid, Instant startTime) {
	}

	/**
	 * One worker process.
	 *
	 * @param generation the generation it was started for
	 * @param pid its process id
	 * @param state where it is in its life
	 * @param startTime when it was started
	 * @param uptimeSeconds how long it has run
	 */
	public record WorkerStatus(int generation, long pid, GenerationState state, Instant startTime,
			long uptimeSeconds) {
	}

}
