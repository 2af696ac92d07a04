package dev.hotreload.context;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.rollback.GenerationSwitch;

/**
 * How generations leave the serving role: retired at once, or kept in standby for a
 * rollback window and switched back to. Singleton work follows traffic each time.
 */
final class RollbackSwitch implements GenerationSwitch {

	private final ReloadableApplication application;

	private final LiveGenerations generations;

	RollbackSwitch(ReloadableApplication application, LiveGenerations generations) {
		this.application = application;
		this.generations = generations;
	}

	@Override
	public void standBy(Generation previous) {
		previous.state(GenerationState.STANDBY);
		// It keeps its context and connector, not its singleton work.
		this.application.startThread("hotreload-singletons-" + previous.number(), previous.number(),
				this::moveSingletonsToServing);
	}

	@Override
	public boolean canStandBy() {
		return this.application.service() == this.application;
	}

	/**
	 * Drains a generation that no longer serves, then closes it, on a thread of its own:
	 * first its singleton work stops and the serving generation's starts.
	 */
	@Override
	public void retire(Generation retired) {
		retired.state(GenerationState.DRAINING);
		this.application.startThread("hotreload-drain-" + retired.number(), retired.number(), () -> {
			moveSingletonsToServing();
			this.generations.closeRetired(retired, this.application.localStatus().drainReport());
		});
	}

	@Override
	public boolean switchBack(Generation from, Generation to) {
		if (!this.application.serving().switchBack(from, to)) {
			return false;
		}
		// The rolled-back generation's singleton work stops, then the previous one's resumes.
		moveSingletonsToServing();
		return true;
	}

	@Override
	public void run(String name, int generation, Runnable task) {
		this.application.startThread(name, generation, task);
	}

	/**
	 * Moves the singleton work to the generation that serves now (nothing if it runs
	 * there already): the one that ran it stops first, waiting for what runs of it.
	 */
	private void moveSingletonsToServing() {
		Generation serving = this.application.serving().current();
		if (serving != null) {
			this.application.singletons().moveTo(serving, this.application.isShuttingDown());
		}
	}

}
