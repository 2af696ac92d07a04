package dev.hotreload.reload;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * What the endpoint and the metrics see of reloading, whatever kind of generation runs
 * behind it: in this JVM ({@code dev.hotreload.context}) or in worker processes
 * ({@code dev.hotreload.process}).
 */
public interface ReloadService {

	/**
	 * Requests a reload, or joins the one waiting to start.
	 * @param kind what to start, {@code null} for the mode's default
	 * @return the outcome of the reload this request started or joined
	 */
	CompletableFuture<ReloadResult> requestReload(@Nullable ReloadKind kind);

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
