package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;
import dev.hotreload.benchmarks.sample.SampleServer;

/** Strategies 3 and 5: SIGTERM, wait for the JVM to exit, a new JVM on the same port. */
final class JvmRestartDeployment extends StrategyDeployment {

	private final SampleLaunchCommand command;

	private final List<String> arguments;

	private final Path logs;

	private final String label;

	private SampleProcess sample;

	JvmRestartDeployment(SampleServer server, String label, int port, Path logs, String shutdown)
			throws IOException {
		super(port);
		// The Tomcat sample's HelloController needs a WorkerGeneration, which the launcher
		// provides without hotreload; the other samples do without.
		this.command = server.onHarnessClassPath() ? SampleLaunchCommand.forThisJvm(ContextRestartLauncher.MAIN_CLASS)
				: server.launchCommand();
		this.arguments = List.of(HOTRELOAD_OFF, shutdown);
		this.logs = logs;
		this.label = label;
		this.sample = startJvm(0);
	}

	private SampleProcess startJvm(int number) throws IOException {
		return SampleProcess.start(this.command, List.of(), this.arguments,
				this.logs.resolve(this.label + "-" + number + ".log"), this.port);
	}

	@Override
	StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
		long trigger = System.nanoTime();
		this.sample.close();
		long exited = System.nanoTime();
		this.sample = startJvm(number);
		Duration serveAgain = awaitServing(trigger);
		return new StrategyRun.Reload(number, triggerSeconds, serveAgain, serveAgain,
				"old JVM exited after " + (exited - trigger) / 1_000_000 + " ms");
	}

	@Override
	SampleProcess current() {
		return this.sample;
	}

}
