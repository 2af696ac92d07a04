package dev.hotreload.context;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.rollback.GenerationSwitch;

/**
 * What a rollback window does to an application's generations.
 */
final class RollbackSwitch implements GenerationSwitch {

	private final ReloadableApplication application;

	RollbackSwitch(ReloadableApplication application) {
		this.application = application;
	}

	@Override
	public void standBy(Generation previous) {
		previous.state(GenerationState.STANDBY);
		// It keeps its context and connector, not its singleton work.
		this.application.startThread("hotreload-singletons-" + previous.number(), previous.number(),
				this.application::moveSingletonsToServing);
	}

	@Override
	public boolean canStandBy() {
		return this.application.service() == this.application;
	}

	@Override
	public void retire(Generation retired) {
		this.application.retire(retired);
	}

	@Override
	public boolean switchBack(Generation from, Generation to) {
		if (!this.application.switchBack(from, to)) {
			return false;
		}
		// The rolled-back generation's singleton work stops, then the previous one's resumes.
		this.application.moveSingletonsToServing();
		return true;
	}

	@Override
	public void run(String name, int generation, Runnable task) {
		this.application.startThread(name, generation, task);
	}

}
