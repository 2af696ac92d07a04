package dev.hotreload.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ApplicationStatus;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadMode;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;

/**
 * Reloading as a worker's endpoint and metrics see it: requests go to the supervisor,
 * which coordinates every worker; the status is the supervisor's, with this JVM's own
 * generations and listener.
 */
final class WorkerReloadService implements ReloadService {

	private final WorkerLink link;

	private final ReloadableApplication application;

	WorkerReloadService(WorkerLink link, ReloadableApplication application) {
		this.link = link;
		this.application = application;
	}

	@Override
	public CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
		return this.link.requestReload(request);
	}

	@Override
	public ReloadStatus status() {
		SupervisorView view = this.link.view();
		if (view == null) {
			ReloadStatus local = this.application.status();
			return new ReloadStatus(false, ReloadMode.PROCESS, local.currentGeneration(), false, false,
					local.generations(), null, local.listeners(), null, List.of());
		}
		List<WorkerStatus> workers = view.workers()
			.stream()
			.map((worker) -> new WorkerStatus(worker.generation(), worker.pid(), worker.state(), worker.startTime(),
					Duration.between(worker.startTime(), Instant.now()).toSeconds()))
			.toList();
		ApplicationStatus local = this.application.localStatus();
		return new ReloadStatus(!this.application.isShuttingDown(), ReloadMode.PROCESS, view.currentGeneration(),
				view.reloadRequested(), view.reloadInProgress(), local.generations(), view.lastReload(),
				local.listeners(), view.supervisor(), workers, view.figures().lastDrain(), view.rollbackWindow(),
				this.application.statistics().lastSingletonHandOver());
	}

	@Override
	public int currentGeneration() {
		SupervisorView view = this.link.view();
		return (view != null) ? view.currentGeneration() : this.application.currentGeneration();
	}

	@Override
	public ReloadStatistics statistics() {
		return this.application.statistics();
	}

	@Override
	public Duration reloadTimeout() {
		return this.application.reloadTimeout();
	}

}
