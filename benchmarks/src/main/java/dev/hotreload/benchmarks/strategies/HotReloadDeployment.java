package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/** Strategy 1: one JVM, {@code POST /actuator/reload}. */
final class HotReloadDeployment extends PostedReload {

	private final SampleProcess sample;

	HotReloadDeployment(SampleServer server, int port, Path log) throws IOException {
		super(port);
		this.sample = SampleProcess.start(server.launchCommand(), List.of(), List.of(), log, port);
	}

	@Override
	StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
		Posted posted = postWhileProbing();
		if (!posted.response().succeeded()) {
			throw new IllegalStateException("Reload failed: " + posted.response().body());
		}
		return new StrategyRun.Reload(number, triggerSeconds, posted.serveAgain(), posted.newVersion(),
				"generation " + posted.response().generation() + " " + posted.response().outcome());
	}

	@Override
	SampleProcess current() {
		return this.sample;
	}

}
