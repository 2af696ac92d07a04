package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ node started by the repository's own script
 * ({@code hotreload-fleet/rabbitmq/rabbitmq-node.sh}, which installs Debian's
 * {@code rabbitmq-server} when missing): its own ports and data directory, stopped after.
 */
final class RabbitMqNode implements AutoCloseable {

	private static final Path SCRIPT = Paths.get("..", "hotreload-fleet", "rabbitmq", "rabbitmq-node.sh")
		.toAbsolutePath()
		.normalize();

	private final Path directory;

	private final int port;

	private final int distributionPort;

	private RabbitMqNode(Path directory, int port, int distributionPort) {
		this.directory = directory;
		this.port = port;
		this.distributionPort = distributionPort;
	}

	static RabbitMqNode start(Path directory) throws IOException, InterruptedException {
		RabbitMqNode node = new RabbitMqNode(directory, RunningSampleClient.freePort(),
				RunningSampleClient.freePort());
		node.start();
		return node;
	}

	void start() throws IOException, InterruptedException {
		run("start", this.directory.toString(), Integer.toString(this.port), Integer.toString(this.distributionPort));
	}

	void stop() throws IOException, InterruptedException {
		run("stop", this.directory.toString());
	}

	int port() {
		return this.port;
	}

	private void run(String... arguments) throws IOException, InterruptedException {
		Path log = this.directory.resolveSibling(this.directory.getFileName() + "-" + arguments[0] + ".log");
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("rabbitmq-node.sh " + String.join(" ", arguments) + " failed:\n"
					+ Files.readString(log));
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		stop();
	}

}
