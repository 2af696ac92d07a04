package dev.hotreload.context;

import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadResult;

/**
 * How the reload queue runs an application's reloads in this JVM: each on a detached
 * thread of its own, as a new context.
 */
final class ContextReloadExecutor implements ReloadQueue.Executor {

	private final ReloadableApplication application;

	ContextReloadExecutor(ReloadableApplication application) {
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
