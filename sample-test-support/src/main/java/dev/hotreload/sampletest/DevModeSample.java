package dev.hotreload.sampletest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A sample in development mode ({@code hotreload.dev.enabled=true}) in a JVM of its own,
 * run from class directories as an IDE runs it: a copy of the sample's class directory
 * (a test adds classes there, never in {@code target/classes}) before the dependencies of
 * the test's own class path. {@link #compile} compiles a new class into the copy, as an
 * IDE does when a source is saved; the file change reloads the application.
 */
public final class DevModeSample implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path classes;

	private final String classPath;

	private final Path log;

	private final int port;

	private final CloseableHttpClient client = TestHttpClients.client(true);

	private DevModeSample(Process process, Path classes, String classPath, Path log, int port) {
		this.process = process;
		this.classes = classes;
		this.classPath = classPath;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts an application's main class from a copy of its class directory, in
	 * development mode on a free port; the test's own classes stay out of its class path.
	 * @param directory where the copy and the log go
	 * @param application the application's main class
	 * @param test a class of the calling test, whose directory is left out
	 * @param args more application arguments
	 * @return the started sample, serving
	 * @throws IOException if the copy or the start fails
	 */
	public static DevModeSample start(Path directory, Class<?> application, Class<?> test, String... args)
			throws IOException {
		DevModeSample sample = launch(directory, application, test, List.of(), List.of(), args);
		try {
			return sample.awaitServing();
		}
		catch (RuntimeException | Error ex) {
			sample.close();
			throw ex;
		}
	}

	/**
	 * The same, with more on the class path and JVM options of its own, not waiting until
	 * it serves.
	 * @param directory where the copy and the log go
	 * @param application the application's main class
	 * @param test a class of the calling test, whose directory is left out
	 * @param extraClassPath entries after the dependencies (DevTools' jar, say)
	 * @param jvmOptions options before the class path
	 * @param args more application arguments
	 * @return the started (not yet serving) sample
	 * @throws IOException if the copy or the start fails
	 */
	public static DevModeSample launch(Path directory, Class<?> application, Class<?> test,
			List<Path> extraClassPath, List<String> jvmOptions, String... args) throws IOException {
		Path own = location(application);
		Path classes = copy(own, directory.resolve("classes"));
		List<String> entries = new ArrayList<>(List.of(classes.toString()));
		Set<Path> left = Set.of(own, location(test));
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isBlank() && !left.contains(Path.of(entry).toAbsolutePath().normalize())) {
				entries.add(entry);
			}
		}
		extraClassPath.forEach((entry) -> entries.add(entry.toString()));
		String classPath = String.join(File.pathSeparator, entries);
		Path log = directory.resolve("dev-mode-sample-" + System.nanoTime() + ".log");
		int port = SampleSupervisor.freePort();
		List<String> command = new ArrayList<>(List.of(ClassDataArchives.java()));
		command.addAll(SampleSupervisor.JVM_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath, application.getName(), "--server.port=" + port,
				"--hotreload.dev.enabled=true"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new DevModeSample(process, classes, classPath, log, port);
	}

	/**
	 * Waits until the sample serves, failing at once, with its log, if it exits; as long as
	 * every other sample start of the tests may take on a loaded machine.
	 * @return this sample
	 */
	public DevModeSample awaitServing() {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(UncheckedIOException.class)
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The sample exited:\n" + log());
				}
				return get("/hello").status() == 200;
			});
		return this;
	}

	/**
	 * Compiles a class into the sample's class directory, against its class path.
	 * @param className the class's binary name
	 * @param source its source
	 * @throws IOException if it cannot be written or compiled
	 */
	public void compile(String className, String source) throws IOException {
		Path sources = Files.createDirectories(this.classes.resolveSibling("sources"));
		Path file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
		Files.writeString(file, source, StandardCharsets.UTF_8);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		// Compiled beside, then moved in whole: the watcher never sees a half-written class.
		Path output = Files.createDirectories(this.classes.resolveSibling("compiled"));
		int status = compiler.run(null, null, null, "-cp", this.classPath, "-d", output.toString(),
				"-parameters", file.toString());
		if (status != 0) {
			throw new IOException("javac failed (" + status + ") for " + file);
		}
		try (Stream<Path> compiled = Files.walk(output)) {
			for (Path path : compiled.filter(Files::isRegularFile).toList()) {
				Path target = this.classes.resolve(output.relativize(path).toString());
				Files.createDirectories(target.getParent());
				Files.move(path, target);
			}
		}
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** The copy of the class directory the sample runs from. */
	public Path classes() {
		return this.classes;
	}

	/** {@code GET} on a new connection. */
	public SampleSupervisor.Answer get(String path) {
		try {
			return this.client.execute(new HttpGet("http://127.0.0.1:" + this.port + path),
					(response) -> new SampleSupervisor.Answer(response.getCode(),
							EntityUtils.toString(response.getEntity()),
							(response.getFirstHeader("X-App-Generation") != null)
									? response.getFirstHeader("X-App-Generation").getValue() : null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code GET /actuator/reload}. */
	public JsonNode status() {
		return json.readTree(get("/actuator/reload").body());
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** Kills the JVM at once, whatever the test did. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		try {
			this.client.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
			this.client.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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

}
