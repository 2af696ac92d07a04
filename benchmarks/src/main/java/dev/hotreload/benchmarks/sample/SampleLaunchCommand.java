package dev.hotreload.benchmarks.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command that starts the sample application in a fresh JVM on the harness's own
 * class path. From the harness's executable jar the sample's classes are nested jars that
 * a plain {@code java -cp} cannot read, so Spring Boot's {@code PropertiesLauncher} starts
 * the sample from that jar; from a plain class path (the tests) the class path is reused.
 */
public final class SampleLaunchCommand {

	/** JVM options for every sample JVM, set by the harness's own tests only. */
	static final String TEST_JVM_OPTIONS = "hotreload.benchmarks.sample-jvm-options";

	private static final String SAMPLE_MAIN_CLASS = "dev.hotreload.sample.SampleApplication";

	private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private final List<String> classPathAndMainClass;

	private final String description;

	private SampleLaunchCommand(List<String> classPathAndMainClass, String description) {
		this.classPathAndMainClass = List.copyOf(classPathAndMainClass);
		this.description = description;
	}

	/**
	 * The command for the class path this JVM was started with.
	 * @return the command
	 */
	public static SampleLaunchCommand forThisJvm() {
		return forThisJvm(SAMPLE_MAIN_CLASS);
	}

	/**
	 * The command for the class path this JVM was started with, running another main
	 * class, such as a launcher of the sample in the harness's own classes.
	 * @param mainClass the main class to run
	 * @return the command
	 */
	public static SampleLaunchCommand forThisJvm(String mainClass) {
		String classPath = System.getProperty("java.class.path");
		return executableJar(classPath)
			.map((jar) -> new SampleLaunchCommand(
					List.of("-cp", jar.toString(), "-Dloader.main=" + mainClass, PROPERTIES_LAUNCHER),
					"java -cp " + jar.getFileName() + " (PropertiesLauncher, nested jars)"))
			.orElseGet(() -> new SampleLaunchCommand(List.of("-cp", classPath, mainClass),
					"java -cp <plain class path>"));
	}

	/**
	 * The command for a runnable jar, {@code java -jar}, as a user starts an application.
	 * @param jar the jar
	 * @return the command
	 */
	public static SampleLaunchCommand forJar(Path jar) {
		return new SampleLaunchCommand(List.of("-jar", jar.toString()), "java -jar " + jar.getFileName());
	}

	/**
	 * The command for a plain class path of directories and jars, such as a copy of the
	 * sample's class directory and its dependency jars, as an IDE starts an application.
	 * @param classPath the class path entries, in order
	 * @param description how the sample is started, for the report
	 * @return the command
	 */
	public static SampleLaunchCommand forClassPath(List<Path> classPath, String description) {
		String joined = String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList());
		return new SampleLaunchCommand(List.of("-cp", joined, SAMPLE_MAIN_CLASS), description);
	}

	private static Optional<Path> executableJar(String classPath) {
		if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return Optional.empty();
		}
		try (JarFile jar = new JarFile(classPath)) {
			Manifest manifest = jar.getManifest();
			boolean springBootJar = manifest != null
					&& manifest.getMainAttributes().getValue("Spring-Boot-Classes") != null;
			return springBootJar ? Optional.of(Path.of(classPath).toAbsolutePath()) : Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + classPath, ex);
		}
	}

	/**
	 * The full command line.
	 * @param port the port the sample listens on
	 * @param jvmOptions options for the sample's JVM
	 * @return the command and its arguments
	 */
	List<String> command(int port, List<String> jvmOptions) {
		return command(port, jvmOptions, List.of());
	}

	/**
	 * The full command line, with more arguments for the application.
	 * @param port the port the sample listens on
	 * @param jvmOptions options for the sample's JVM
	 * @param arguments application arguments added after the harness's own
	 * @return the command and its arguments
	 */
	List<String> command(int port, List<String> jvmOptions, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(testJvmOptions(jvmOptions));
		command.addAll(this.classPathAndMainClass);
		command.add("--server.port=" + port);
		command.add("--management.endpoint.reload.access=unrestricted");
		command.add("--spring.security.user.name=" + SampleClient.OPERATOR);
		command.add("--spring.security.user.password=" + SampleClient.OPERATOR_PASSWORD);
		// A benchmark's own reload timeout stays: Spring would read a repeated argument as a list.
		if (System.getProperty(SampleProcess.START_TIMEOUT_PROPERTY) != null
				&& arguments.stream().noneMatch((argument) -> argument.startsWith("--hotreload.reload-timeout="))) {
			command.add("--hotreload.reload-timeout=" + SampleProcess.START_TIMEOUT.toSeconds() + "s");
		}
		command.addAll(arguments);
		return command;
	}

	/**
	 * Options the harness's own tests add to every sample JVM: those the sample's tests run
	 * theirs with, since they check what the harness writes and that hotreload's clients saw
	 * no error, never a figure. A benchmark run leaves the property unset and measures the
	 * JVM's defaults. A collector or a heap size that a benchmark chooses itself (the leak
	 * benchmark's G1) is kept: two collectors would stop the JVM at its start.
	 * @param jvmOptions the options the benchmark gives the sample's JVM
	 * @return the options to add after them
	 */
	static List<String> testJvmOptions(List<String> jvmOptions) {
		String options = System.getProperty(TEST_JVM_OPTIONS, "").strip();
		if (options.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(options.split("\\s+"))
			.filter((option) -> jvmOptions.stream().noneMatch((chosen) -> sameSetting(option, chosen)))
			.toList();
	}

	private static boolean sameSetting(String option, String chosen) {
		return (isCollector(option) && isCollector(chosen)) || (option.startsWith("-Xmx") && chosen.startsWith("-Xmx"));
	}

	private static boolean isCollector(String option) {
		return option.matches("-XX:\\+Use\\w+GC");
	}

	/**
	 * How the sample is started, for the report.
	 * @return a short description
	 */
	public String description() {
		return this.description;
	}

}
