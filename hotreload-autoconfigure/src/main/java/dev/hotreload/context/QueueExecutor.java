package dev.hotreload.context;

import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadResult;

/**
 * Runs an application's reloads for its queue, each on a thread of its own.
 */
final class QueueExecutor implements ReloadQueue.Executor {

	private final ReloadableApplication application;

	QueueExecutor(ReloadableApplication application) {
		this.application = application;
	}

	@Override
	public void start(Attempt attempt, Runnable task) {
		this.application.startThread("hotreload-reload-" + attempt.generation(), attempt.generation(), task);
	}

	@Override
	public ReloadResult reload(Attempt attempt) {
		return this.application.reload(attempt);
	}

}
