package dev.hotreload.context;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.rollback.Rollbacks;

/**
 * The reloads of an application in this JVM: a request is refused if it asks for a new
 * process or if the application cannot be started again, else queued; each attempt then
 * ends the rollback window and starts a new generation ({@link ContextReload}).
 */
final class ContextReloads {

	private final ReloadableApplication application;

	private final @Nullable GenerationLauncher launcher;

	private final ReloadQueue queue;

	private final LiveGenerations generations;

	private final Rollbacks rollbacks;

	private final ServingGeneration serving;

	ContextReloads(ReloadableApplication application, @Nullable GenerationLauncher launcher, ReloadQueue queue,
			LiveGenerations generations, Rollbacks rollbacks, ServingGeneration serving) {
		this.application = application;
		this.launcher = launcher;
		this.queue = queue;
		this.generations = generations;
		this.rollbacks = rollbacks;
		this.serving = serving;
	}

	CompletableFuture<ReloadResult> request(ReloadRequest request) {
		if (request.kind() == ReloadKind.PROCESS) {
			return CompletableFuture.completedFuture(this.queue.rejected(request,
					"A process reload needs hotreload.mode=process; this application runs in context mode"));
		}
		ReloadRequest context = request.orKind(ReloadKind.CONTEXT);
		if (this.launcher == null && !this.application.isShuttingDown()) {
			return CompletableFuture.completedFuture(this.queue.rejected(context,
					"The application was not started by SpringApplication.run, so it cannot be started again"));
		}
		return this.queue.request(context);
	}

	ReloadResult run(Attempt attempt) {
		if (this.launcher == null || this.application.isShuttingDown()) {
			return ReloadResult.of(attempt, ReloadOutcome.REJECTED, (this.launcher == null)
					? "Not started by SpringApplication.run" : "The application is shutting down");
		}
		this.rollbacks.end("generation " + attempt.generation() + " starts");
		Generation next = new Generation(attempt.generation(), this.application.currentSettings());
		this.generations.add(next);
		return new ContextReload(this.application, this.launcher, this.serving, this.generations).run(attempt,
				next);
	}

}
