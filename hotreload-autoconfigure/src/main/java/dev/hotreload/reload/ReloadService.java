package dev.hotreload.reload;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the endpoint and the metrics see of reloading, whatever kind of generation runs
 * behind it: in this JVM ({@code dev.hotreload.context}) or in worker processes
 * ({@code dev.hotreload.process}).
 */
public interface ReloadService {

	/**
	 * Requests a reload, or joins the one waiting to start.
	 * @param request what to start (no kind: the mode's default) and what asked for it
	 * @return the outcome of the reload this request started or joined
	 */
	CompletableFuture<ReloadResult> requestReload(ReloadRequest request);

	/**
	 * A snapshot of where reloading stands.
	 * @return the status
	 */
	ReloadStatus status();

	/**
	 * The generation serving new connections.
	 * @return its number
	 */
	int currentGeneration();

	/**
	 * Counts and durations since the application started.
	 * @return the statistics
	 */
	ReloadStatistics statistics();

	/**
	 * How long a new generation may take to become ready.
	 * @return the reload timeout
	 */
	Duration reloadTimeout();

}
