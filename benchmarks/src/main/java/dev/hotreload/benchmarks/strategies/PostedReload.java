package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.hotreload.benchmarks.sample.ReloadResponse;
import dev.hotreload.benchmarks.sample.SampleClient;

/**
 * The hotreload strategies: {@code POST /actuator/reload}, which answers once the new
 * generation serves, while a fresh connection is probed as for the other strategies.
 */
abstract class PostedReload extends StrategyDeployment {

	private final SampleClient operator;

	PostedReload(int port) throws IOException {
		super(port);
		this.operator = new SampleClient(port);
	}

	Posted postWhileProbing() throws IOException, InterruptedException {
		long trigger = System.nanoTime();
		CompletableFuture<Answer> post = CompletableFuture.supplyAsync(() -> {
			try {
				return new Answer(this.operator.reload(), System.nanoTime());
			}
			catch (IOException ex) {
				throw new IllegalStateException("POST /actuator/reload failed", ex);
			}
		});
		Duration serveAgain = awaitServing(trigger);
		try {
			Answer answer = post.get();
			return new Posted(answer.response(), serveAgain, Duration.ofNanos(answer.nanos() - trigger),
					answer.nanos());
		}
		catch (ExecutionException ex) {
			throw new IOException(ex.getCause());
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		try {
			super.close();
		}
		finally {
			this.operator.close();
		}
	}

	/**
	 * A reload's answer.
	 *
	 * @param response the POST's answer
	 * @param serveAgain from the trigger until a fresh connection got a 200
	 * @param newVersion from the trigger until the POST answered
	 * @param answeredNanos when it answered ({@link System#nanoTime()})
	 */
	record Posted(ReloadResponse response, Duration serveAgain, Duration newVersion, long answeredNanos) {
	}

	private record Answer(ReloadResponse response, long nanos) {
	}

}
