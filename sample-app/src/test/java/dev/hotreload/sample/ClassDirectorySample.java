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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.DevModeSample;

import static org.awaitility.Awaitility.await;

/**
 * The sample in development mode in a real JVM of its own, run from class directories as
 * an IDE or {@code spring-boot:run} runs it: a copy of the module's class directory (a
 * test changes classes there, never in {@code target/classes}) and the dependencies of
 * this JVM's class path ({@link DevModeSample}), with the sample's own client and build.
 */
final class ClassDirectorySample implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final DevModeSample sample;

	private final RunningSampleClient client;

	private ClassDirectorySample(DevModeSample sample) {
		this.sample = sample;
		this.client = new RunningSampleClient(sample.port());
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
		return new ClassDirectorySample(DevModeSample.launch(directory, SampleApplication.class,
				ClassDirectorySample.class, extraClassPath, jvmOptions, args));
	}

	/**
	 * Waits until the sample serves, failing at once, with its log, if it exits.
	 */
	ClassDirectorySample awaitServing() {
		this.sample.awaitServing();
		return this;
	}

	/**
	 * Compiles {@code SampleBuild} anew into the class directory, as an IDE does when a
	 * source is saved; the next reload runs it.
	 * @param build the build it names
	 * @throws IOException if it cannot be compiled or written
	 */
	void build(String build) throws IOException {
		Files.write(classes().resolve("dev/hotreload/sample/SampleBuild.class"), SampleJars.compileSampleBuild(build));
	}

	/** The copy of the class directory the sample runs from. */
	Path classes() {
		return this.sample.classes();
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
		return this.sample.pid();
	}

	int port() {
		return this.sample.port();
	}

	RunningSampleClient client() {
		return this.client;
	}

	String log() {
		return this.sample.log();
	}

	/** Kills the sample, whatever the test did. */
	@Override
	public void close() throws Exception {
		// What the sample said, for whoever reads a failed run.
		List<String> lines = log().lines().toList();
		System.out.println("--- sample log (last 150 lines) ---");
		lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
		this.sample.kill();
		this.client.close();
	}

}
