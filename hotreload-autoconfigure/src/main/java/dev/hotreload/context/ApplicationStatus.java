package dev.hotreload.context;

import java.util.List;

import dev.hotreload.reload.ReloadMode;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadStatus.GenerationStatus;
import dev.hotreload.reload.ReloadStatus.ListenerStatus;
import dev.hotreload.rollback.Rollbacks;
import dev.hotreload.warning.GenerationWarnings;

/**
 * What an application reports of itself in this JVM: its reload status in context mode,
 * and the parts of it that a worker's status shows as its own (its generations and
 * listeners), what its generations were warned about as they started, and where its drains
 * are reported: its own statistics, or in a worker the supervisor.
 */
public final class ApplicationStatus {

	private final ReloadQueue queue;

	private final LiveGenerations generations;

	private final SharedListeners listeners;

	private final Rollbacks rollbacks;

	private final GenerationWarnings warnings = new GenerationWarnings();

	private volatile DrainReport drainReport;

	ApplicationStatus(ReloadQueue queue, LiveGenerations generations, SharedListeners listeners, Rollbacks rollbacks) {
		this.queue = queue;
		this.generations = generations;
		this.listeners = listeners;
		this.rollbacks = rollbacks;
		ReloadStatistics statistics = queue.statistics();
		this.drainReport = new DrainReport(statistics::drained, statistics::drainForced, statistics::drainEnded);
	}

	/**
	 * The status in context mode.
	 * @param supported whether the application can reload
	 * @param currentGeneration the generation serving new connections
	 */
	ReloadStatus status(boolean supported, int currentGeneration) {
		return new ReloadStatus(supported, ReloadMode.CONTEXT, currentGeneration, this.queue.reloadRequested(),
				this.queue.reloadInProgress(), generations(), this.queue.lastReload(), listeners(), null, List.of(),
				this.queue.statistics().lastDrain(), this.rollbacks.status(),
				this.queue.statistics().lastSingletonHandOver());
	}

	/**
	 * The live generations of this JVM as the status shows them, oldest first.
	 * @return their status
	 */
	public List<GenerationStatus> generations() {
		return this.generations.statuses();
	}

	/**
	 * The listening sockets as the status shows them.
	 * @return their status
	 */
	public List<ListenerStatus> listeners() {
		return this.listeners.status();
	}

	/**
	 * What the live generations of this JVM were warned about as they started.
	 * @return the warnings
	 */
	public GenerationWarnings warnings() {
		return this.warnings;
	}

	/**
	 * Where drains are reported: connections closed by force, how connections left.
	 * @return the report
	 */
	public DrainReport drainReport() {
		return this.drainReport;
	}

	/**
	 * Reports drains elsewhere from now on: a worker's go to its supervisor.
	 */
	void reportDrainsTo(DrainReport report) {
		this.drainReport = report;
	}

}
