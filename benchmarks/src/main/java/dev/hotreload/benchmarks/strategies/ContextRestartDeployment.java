package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hotreload.benchmarks.sample.SampleLaunchCommand;
import dev.hotreload.benchmarks.sample.SampleProcess;

/** Strategy 4: the context closed and run again in the same JVM. */
final class ContextRestartDeployment extends StrategyDeployment {

	private final SampleProcess sample;

	private final HttpClient control = HttpClient.newHttpClient();

	private final URI restart;

	ContextRestartDeployment(int port, Path logs) throws IOException {
		super(port);
		int controlPort = SampleProcess.freePort();
		this.restart = URI.create("http://127.0.0.1:" + controlPort + "/restart");
		List<String> jvmOptions = new ArrayList<>();
		jvmOptions.add("-D" + ContextRestartLauncher.CONTROL_PORT_PROPERTY + "=" + controlPort);
		this.sample = SampleProcess.start(SampleLaunchCommand.forThisJvm(ContextRestartLauncher.MAIN_CLASS),
				jvmOptions, List.of(HOTRELOAD_OFF), logs.resolve("strategy-context-restart.log"), port);
	}

	@Override
	StrategyRun.Reload reload(int number, double triggerSeconds) throws IOException, InterruptedException {
		long trigger = System.nanoTime();
		// Answers once the old context is closed; then the application runs again.
		HttpResponse<String> closed = this.control.send(
				HttpRequest.newBuilder(this.restart).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		if (closed.statusCode() != 200) {
			throw new IllegalStateException("Restart trigger answered " + closed.statusCode() + ": " + closed.body());
		}
		Duration serveAgain = awaitServing(trigger);
		return new StrategyRun.Reload(number, triggerSeconds, serveAgain, serveAgain, closed.body().strip());
	}

	@Override
	SampleProcess current() {
		return this.sample;
	}

}
