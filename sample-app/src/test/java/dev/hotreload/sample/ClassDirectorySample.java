package dev.hotreload.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.ClassDataArchives;
import dev.hotreload.sampletest.SampleSupervisor;

import static org.awaitility.Awaitility.await;

/**
 * The sample in development mode in a real JVM of its own, run from class directories as
 * an IDE or {@code spring-boot:run} runs it: a copy of the module's class directory (a
 * test changes classes there, never in {@code target/classes}) and the dependencies of
 * this JVM's class path.
 */
final class ClassDirectorySample implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path classes;

	private final Path log;

	private final int port;

	private final RunningSampleClient client;

	private ClassDirectorySample(Process process, Path classes, Path log, int port) {
		this.process = process;
		this.classes = classes;
		this.log = log;
		this.port = port;
		this.client = new RunningSampleClient(port);
	}

	/**
	 * Copies the class directory into a directory and starts the sample from it, in
	 * development mode on a free port.
	 * @param directory where the copy and the log go
	 * @param args more application arguments
	 * @return the started (not yet serving) sample
	 * @throws IOException if the copy or the start fails
	 */
	static ClassDirectorySample start(Path directory, String... args) throws IOException {
		return start(directory, List.of(), List.of(), args);
	}

	/**
	 * The same, with more on the class path and JVM options of its own.
	 * @param directory where the copy and the log go
	 * @param extraClassPath entries after the dependencies (DevTools' jar, say)
	 * @param jvmOptions options before the class path
	 * @param args more application arguments
	 * @return the started (not yet serving) sample
	 * @throws IOException if the copy or the start fails
	 */
	static ClassDirectorySample start(Path directory, List<Path> extraClassPath, List<String> jvmOptions,
			String... args) throws IOException {
		Path classes = copy(location(SampleApplication.class), directory.resolve("classes"));
		Path log = directory.resolve("sample-" + System.nanoTime() + ".log");
		int port = RunningSampleClient.freePort();
		List<String> command = new ArrayList<>(List.of(ClassDataArchives.java()));
		command.addAll(SampleSupervisor.JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath(classes, extraClassPath), SampleApplication.class.getName(),
				"--server.port=" + port, "--hotreload.dev.enabled=true"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new ClassDirectorySample(process, classes, log, port);
	}

	// This JVM's class path without the module's own directories, after the copy.
	private static String classPath(Path classes, List<Path> extra) {
		Set<Path> own = Set.of(location(SampleApplication.class), location(ClassDirectorySample.class));
		List<String> entries = new ArrayList<>(List.of(classes.toString()));
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isBlank() && !own.contains(Path.of(entry).toAbsolutePath().normalize())) {
				entries.add(entry);
			}
		}
		extra.forEach((entry) -> entries.add(entry.toString()));
		return String.join(File.pathSeparator, entries);
	}

	private static Path location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath()
				.normalize();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path copy(Path source, Path target) throws IOException {
		if (!Files.isDirectory(source)) {
			throw new IllegalStateException("The sample's classes are not in a class directory: " + source);
		}
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
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

	/**
	 * Waits until the sample serves, failing at once, with its log, if it exits; as long as
	 * every other sample start of the tests may take on a loaded machine.
	 */
	ClassDirectorySample awaitServing() {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(UncheckedIOException.class)
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The sample exited:\n" + log());
				}
				return this.client.get("/hello").status() == 200;
			});
		return this;
	}

	/**
	 * Compiles {@code SampleBuild} anew into the class directory, as an IDE does when a
	 * source is saved; the next reload runs it.
	 * @param build the build it names
	 * @throws IOException if it cannot be compiled or written
	 */
	void build(String build) throws IOException {
		Files.write(this.classes.resolve("dev/hotreload/sample/SampleBuild.class"),
				SampleJars.compileSampleBuild(build));
	}

	/** The copy of the class directory the sample runs from. */
	Path classes() {
		return this.classes;
	}

	/** {@code GET /actuator/reload}. */
	JsonNode status() {
		return json.readTree(this.client.get("/actuator/reload").body());
	}

	/** {@code POST /actuator/reload} as the operator. */
	Answer reload() {
		return this.client.reload("");
	}

	/** Waits until one generation is left: the older ones have closed. */
	void awaitOneGeneration() {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> json.readTree(this.client.get("/actuator/reload").body()).get("generations").size() == 1);
	}

	/**
	 * Runs a diagnostic command in the sample's JVM.
	 * @param command the command and its options, {@code GC.class_histogram} say
	 * @return what it printed
	 * @throws IOException if {@code jcmd} cannot be run
	 * @throws InterruptedException if interrupted while it runs
	 */
	String jcmd(String... command) throws IOException, InterruptedException {
		String jcmdCommand = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
		List<String> line = new ArrayList<>(List.of(jcmdCommand, Long.toString(pid())));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
			throw new IllegalStateException("jcmd " + command[0] + " failed:\n" + output);
		}
		return output;
	}

	long pid() {
		return this.process.pid();
	}

	int port() {
		return this.port;
	}

	RunningSampleClient client() {
		return this.client;
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** Kills the sample, whatever the test did. */
	@Override
	public void close() throws Exception {
		// What the sample said, for whoever reads a failed run.
		List<String> lines = log().lines().toList();
		System.out.println("--- sample log (last 150 lines) ---");
		lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		this.client.close();
	}

}
