package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.hotreload.benchmarks.cli.CommandLineFlags;
import dev.hotreload.benchmarks.cli.UsageException;

/**
 * The sample applications the harness measures, one per embedded server. Adding a server
 * is one constant here (and the sample module as a build-order dependency in the
 * benchmarks' pom): the benchmarks that take {@code --servers} then measure it too. Its
 * sample must start with {@code --hotreload.enabled=false} (the restarts run it so).
 *
 * <p>The Tomcat sample is a dependency of the harness and starts from the harness's own
 * class path, as it always has; every other one from its executable jar,
 * {@code <module>/target/<module>-<version>-exec.jar}, which the build leaves there (or
 * beneath the directory that the system property {@value #SAMPLES_DIR} names, to measure
 * jars copied away from a build that goes on).
 */
public enum SampleServer {

	/** {@code sample-app}: Spring MVC on Tomcat, also in process mode. */
	TOMCAT("Tomcat", "sample-app", true, true),

	/** {@code sample-jetty-app}: Spring MVC on Jetty 12, also in process mode. */
	JETTY("Jetty", "sample-jetty-app", false, true),

	/** {@code sample-webflux-app}: Spring WebFlux on Reactor Netty, also in process mode. */
	NETTY("Reactor Netty", "sample-webflux-app", false, true);

	/** Where the sample modules are, if not in the repository the harness was built in. */
	public static final String SAMPLES_DIR = "hotreload.benchmarks.samples-dir";

	private static final String LOCATIONS = "samples.properties";

	private static final String BUILD = "./mvnw -B -pl benchmarks -am package -DskipTests";

	private final String displayName;

	private final String module;

	private final boolean onHarnessClassPath;

	private final boolean processMode;

	SampleServer(String displayName, String module, boolean onHarnessClassPath, boolean processMode) {
		this.displayName = displayName;
		this.module = module;
		this.onHarnessClassPath = onHarnessClassPath;
		this.processMode = processMode;
	}

	/**
	 * The name on the command line and in file names.
	 * @return such as {@code jetty}
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String displayName() {
		return this.displayName;
	}

	/**
	 * Whether the sample's classes are on the harness's class path, so that a launcher of
	 * the harness can run them (the context restart does).
	 * @return {@code true} for the Tomcat sample
	 */
	public boolean onHarnessClassPath() {
		return this.onHarnessClassPath;
	}

	/**
	 * Whether hotreload's process mode runs on this server.
	 * @return {@code true} if {@code --hotreload.mode=process} works
	 */
	public boolean processMode() {
		return this.processMode;
	}

	/**
	 * How the harness starts this sample with hotreload on.
	 * @return from the harness's class path if the sample is on it, else {@code java -jar}
	 */
	public SampleLaunchCommand launchCommand() {
		return this.onHarnessClassPath ? SampleLaunchCommand.forThisJvm() : SampleLaunchCommand.forJar(jar());
	}

	/**
	 * The sample's executable jar, as a user runs it.
	 * @return the jar
	 * @throws IllegalStateException if it has not been built
	 */
	public Path jar() {
		Properties locations = locations();
		String version = locations.getProperty("samples.version");
		String samples = System.getProperty(SAMPLES_DIR, locations.getProperty("samples.dir"));
		Path jar = Path.of(samples, this.module, "target",
				this.module + "-" + version + "-exec.jar").normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + this.displayName + " sample jar at " + jar + "; build it with "
					+ BUILD);
		}
		return jar;
	}

	/**
	 * A file of the repository the samples were built in, such as the load tools' install
	 * script.
	 * @param relative its path from the repository's root
	 * @return the file
	 */
	public static Path repositoryFile(String relative) {
		return Path.of(System.getProperty(SAMPLES_DIR, locations().getProperty("samples.dir")), relative).normalize();
	}

	/**
	 * Where a benchmark writes this server's results: the Tomcat sample's where they have
	 * always been, every other one's in a directory of its own beneath.
	 * @param results the benchmark's results directory
	 * @return the directory for this server
	 */
	public Path resultsDir(Path results) {
		return (this == TOMCAT) ? results : results.resolve(label());
	}

	/**
	 * Reads a {@code --servers} value.
	 * @param flag the flag, for the message
	 * @param value labels separated by commas, such as {@code tomcat,jetty}
	 * @return the servers, in declaration order
	 * @throws UsageException if a label is unknown or none is given
	 */
	public static List<SampleServer> parse(String flag, String value) throws UsageException {
		List<String> labels = new ArrayList<>(CommandLineFlags.items(value));
		List<SampleServer> servers = new ArrayList<>();
		for (SampleServer server : values()) {
			if (labels.remove(server.label())) {
				servers.add(server);
			}
		}
		if (!labels.isEmpty()) {
			throw new UsageException(flag + ": unknown server '" + labels.get(0) + "' (known: " + labels() + ")");
		}
		if (servers.isEmpty()) {
			throw new UsageException(flag + " must name at least one server (" + labels() + ")");
		}
		return servers;
	}

	/**
	 * Runs a benchmark on each server in turn, each in its {@link #resultsDir(Path)}, under
	 * a heading per server when there is more than one.
	 * @param <R> what a run returns
	 * @param servers the servers, in order
	 * @param results the benchmark's results directory
	 * @param out where the headings go
	 * @param run runs the benchmark on one server
	 * @return each server's result, in {@link SampleServer} order
	 * @throws IOException if a run or a directory fails
	 * @throws InterruptedException if interrupted
	 */
	public static <R> Map<SampleServer, R> runEach(List<SampleServer> servers, Path results, PrintStream out,
			Run<R> run) throws IOException, InterruptedException {
		Map<SampleServer, R> byServer = new EnumMap<>(SampleServer.class);
		for (SampleServer server : servers) {
			if (servers.size() > 1) {
				out.printf("%n=== %s sample ===%n", server.displayName());
			}
			byServer.put(server, run.on(server, Files.createDirectories(server.resultsDir(results))));
		}
		return byServer;
	}

	/**
	 * A benchmark's run on one server.
	 * @param <R> what it returns
	 */
	@FunctionalInterface
	public interface Run<R> {

		R on(SampleServer server, Path results) throws IOException, InterruptedException;

	}

	/**
	 * Every server's label, for a usage message.
	 * @return such as {@code tomcat,jetty}
	 */
	public static String labels() {
		return String.join(",", List.of(values()).stream().map(SampleServer::label).toList());
	}

	private static Properties locations() {
		Properties locations = new Properties();
		try (InputStream in = SampleServer.class.getResourceAsStream(LOCATIONS)) {
			if (in == null) {
				throw new IllegalStateException("No " + LOCATIONS + " next to " + SampleServer.class.getName());
			}
			locations.load(in);
			return locations;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
