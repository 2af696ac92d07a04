package dev.hotreload.benchmarks.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hotreload.benchmarks.sample.SampleProcess;

/**
 * A private RabbitMQ node started by the repository's script
 * ({@code hotreload-fleet/rabbitmq/rabbitmq-node.sh}, which installs Debian's
 * {@code rabbitmq-server} when missing), stopped on close.
 */
final class BrokerNode implements AutoCloseable {

	private static final Path SCRIPT = Path.of("hotreload-fleet", "rabbitmq", "rabbitmq-node.sh");

	private final Path directory;

	private final int port;

	private BrokerNode(Path directory, int port) {
		this.directory = directory;
		this.port = port;
	}

	static BrokerNode start(Path directory) throws IOException, InterruptedException {
		BrokerNode node = new BrokerNode(directory, SampleProcess.freePort());
		node.run("start", directory.toString(), Integer.toString(node.port),
				Integer.toString(SampleProcess.freePort()));
		return node;
	}

	int port() {
		return this.port;
	}

	private void run(String... arguments) throws IOException, InterruptedException {
		if (!Files.isRegularFile(SCRIPT)) {
			throw new IllegalStateException("Run this from the repository's root: no " + SCRIPT);
		}
		Path log = this.directory.resolveSibling(this.directory.getFileName() + "-" + arguments[0] + ".log");
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(
					"rabbitmq-node.sh " + String.join(" ", arguments) + " failed:\n" + Files.readString(log));
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		run("stop", this.directory.toString());
	}

}
