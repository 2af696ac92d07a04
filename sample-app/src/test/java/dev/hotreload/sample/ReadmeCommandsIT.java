package dev.hotreload.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sampletest.SampleSupervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The commands of README.md work as written: they are read from the README itself, so
 * that this test fails when they drift. The first block builds and runs the sample (its
 * {@code java -jar} must name the jar this build packaged) and holds CI's command; every
 * other {@code bash} block that does not start with {@code ./mvnw} is run line by line
 * from the repository's root, {@code java -jar} lines as the running application, the
 * others in {@code bash}; the comment of a {@code curl} line is its answer, or part of
 * it (other lines' comments explain). The only changes: a free port instead of 8080, a private directory instead of
 * {@code /tmp/}, and the tests' JVM options in {@code JAVA_TOOL_OPTIONS}.
 */
class ReadmeCommandsIT {

	private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

	@TempDir
	Path tmp;

	@Test
	void quickStartRunsTheBuiltSampleAndItsCurlLinesAnswerAsTheReadmeSays() throws Exception {
		List<List<String>> blocks = bashBlocks();
		List<String> first = blocks.get(0);
		assertThat(first).hasSize(2);
		String[] buildAndRun = first.get(0).split(" && ");
		assertThat(buildAndRun).hasSize(2);
		assertThat(buildAndRun[0]).startsWith("./mvnw ").contains(" package ", "-pl sample-app");
		String jar = buildAndRun[1].replaceFirst("^java -jar (\\S+).*$", "$1");
		assertThat(ROOT.resolve(jar)).as("the jar the README runs").isEqualTo(SampleJars.packaged().toAbsolutePath().normalize());
		assertThat(first.get(1)).isEqualTo("./mvnw -B verify");
		assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("\n" + first.get(1) + "\n");

		int port = RunningSampleClient.freePort();
		try (Application sample = Application.start(buildAndRun[1], port, this.tmp)) {
			run(blocks.get(1), port);
		}
	}

	@Test
	void everyOtherExampleRunsAsWritten() throws Exception {
		List<List<String>> examples = bashBlocks().subList(2, bashBlocks().size())
			.stream()
			.filter((block) -> !block.get(0).startsWith("./mvnw"))
			.toList();
		assertThat(examples).as("the configuration and process-mode examples").hasSizeGreaterThanOrEqualTo(2);
		for (List<String> example : examples) {
			int port = RunningSampleClient.freePort();
			Application running = null;
			try {
				for (String line : example) {
					String command = substitute(commandOf(line), port);
					if (command.startsWith("java -jar ")) {
						assertThat(running).as("one application per example").isNull();
						running = Application.start(command, port, this.tmp);
					}
					else {
						check(line, command);
					}
				}
			}
			finally {
				if (running != null) {
					running.close();
				}
			}
		}
	}

	private void run(List<String> lines, int port) throws Exception {
		for (String line : lines) {
			check(line, substitute(commandOf(line), port));
		}
	}

	private void check(String line, String command) throws Exception {
		Process process = new ProcessBuilder("bash", "-c", command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(command + " exited 0; it said: " + output).isZero();
		String expected = expectedOf(line);
		if (expected != null && command.startsWith("curl ")) {
			assertThat(output).as("the answer to " + line).contains(expected);
		}
	}

	private String substitute(String command, int port) {
		return command.replace("localhost:8080", "localhost:" + port).replace("/tmp/", this.tmp + "/");
	}

	private static String commandOf(String line) {
		int comment = line.indexOf(" # ");
		return ((comment >= 0) ? line.substring(0, comment) : line).trim();
	}

	private static String expectedOf(String line) {
		int comment = line.indexOf(" # ");
		return (comment >= 0) ? line.substring(comment + 3).trim() : null;
	}

	private static List<List<String>> bashBlocks() throws IOException {
		List<List<String>> blocks = new ArrayList<>();
		List<String> block = null;
		for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
			if (block == null && line.equals("```bash")) {
				block = new ArrayList<>();
			}
			else if (block != null && line.equals("```")) {
				blocks.add(block);
				block = null;
			}
			else if (block != null && !line.isBlank() && !line.startsWith("#")) {
				block.add(line);
			}
		}
		assertThat(blocks).as("bash blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
		return blocks;
	}

	/**
	 * A {@code java -jar} line of the README, running on the given port until closed.
	 */
	private static final class Application implements AutoCloseable {

		private final Process process;

		private final Path log;

		private Application(Process process, Path log) {
			this.process = process;
			this.log = log;
		}

		static Application start(String command, int port, Path directory) throws IOException {
			Path log = Files.createTempFile(directory, "application-", ".log");
			ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command + " --server.port=" + port)
				.directory(ROOT.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			// The command as written, with the JVM options of every sample JVM the tests start
			// (see SampleSupervisor.JVM_OPTIONS) from the environment: cheaper on a busy machine, and the
			// process-mode example's workers then use the class data archive the other tests'
			// supervisors share instead of building one of their own.
			builder.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", SampleSupervisor.JVM_OPTIONS));
			Process process = builder.start();
			Application application = new Application(process, log);
			try (RunningSampleClient client = new RunningSampleClient(port)) {
				await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
					assertThat(process.isAlive()).as("%s is running; its log: %s", command, application.log()).isTrue();
					return client.get("/actuator/health").status() == 200;
				});
			}
			return application;
		}

		String log() throws IOException {
			return Files.readString(this.log);
		}

		@Override
		public void close() throws Exception {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
