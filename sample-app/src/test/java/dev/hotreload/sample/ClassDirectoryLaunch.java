package dev.hotreload.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The sample started the way an IDE or {@code ./mvnw spring-boot:run} starts it: a class
 * directory and the dependency jars, in a JVM of its own. The class directory is a copy of
 * the module's, so that a test can compile into it.
 */
final class ClassDirectoryLaunch implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path log;

	private final Path classes;

	private final int port;

	private final RunningSampleClient client;

	private ClassDirectoryLaunch(Process process, Path log, Path classes, int port) {
		this.process = process;
		this.log = log;
		this.classes = classes;
		this.port = port;
		this.client = new RunningSampleClient(port);
	}

	/**
	 * Starts the sample from a copy of its class directory in {@code directory}.
	 * @param directory where the copy, the log and the working directory go
	 * @param extraClassPath entries to add after the dependencies (a jar such as DevTools')
	 * @param jvmOptions options before the class path
	 * @param args the application's arguments
	 */
	static ClassDirectoryLaunch start(Path directory, List<Path> extraClassPath, List<String> jvmOptions,
			String... args) throws IOException {
		Path classes = copy(Path.of("target", "classes").toAbsolutePath(), directory.resolve("classes"));
		List<String> classPath = new ArrayList<>();
		classPath.add(classes.toString());
		classPath.addAll(dependencies());
		extraClassPath.forEach((entry) -> classPath.add(entry.toString()));
		int port = RunningSampleClient.freePort();
		List<String> command = new ArrayList<>(List.of(SupervisorProcess.java(), "-Xmx256m"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), SampleApplication.class.getName(),
				"--server.port=" + port, "--hotreload.drain-timeout=10s"));
		command.addAll(List.of(args));
		Path log = directory.resolve("sample-" + System.nanoTime() + ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ClassDirectoryLaunch(process, log, classes, port);
	}

	// This JVM's class path without the module's own output: the jars (and reactor
	// modules) the sample depends on.
	private static List<String> dependencies() {
		Path target = Path.of("target").toAbsolutePath();
		return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !Path.of(entry).toAbsolutePath().startsWith(target))
			.toList();
	}

	private static Path copy(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path copy = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(copy);
				}
				else {
					Files.copy(file, copy);
				}
			}
		}
		return target;
	}

	ClassDirectoryLaunch awaitServing() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The sample exited:\n" + log());
			}
			return this.client.get("/hello").status() == 200;
		});
		return this;
	}

	/** The copy of the class directory the sample runs from. */
	Path classes() {
		return this.classes;
	}

	RunningSampleClient client() {
		return this.client;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	JsonNode status() {
		return json.readTree(this.client.get("/actuator/reload").body());
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
