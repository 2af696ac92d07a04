package dev.hotreload.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.process.startup.ClassDataSharing;
import dev.hotreload.process.startup.StartPriority;

/**
 * How a worker JVM is started: the supervisor's own java executable, JVM options and
 * arguments, and its jar or class path read afresh from disk. Workers also get
 * {@code -XX:+ExitOnOutOfMemoryError} unless an option about out-of-memory errors is set, and
 * {@code --add-opens=java.base/sun.nio.ch=ALL-UNNAMED} (to adopt handed-over connections). A jar is copied for each
 * worker before it starts, so that replacing the jar on disk (by {@code mv} or by copying
 * over it) never changes the file a running worker reads its classes from.
 */
final class WorkerCommand {

	private static final Log logger = LogFactory.getLog(WorkerCommand.class);

	/** What {@code process.handover} reaches by reflection (SocketChannelImpl). */
	private static final String OPEN_NIO_INTERNALS = "sun.nio.ch=ALL-UNNAMED";

	private final String java;

	private final List<String> jvmOptions;

	private final @Nullable Path jar;

	private final @Nullable String classPath;

	private final @Nullable String mainClass;

	private final List<String> args;

	private @Nullable ClassDataSharing sharing;

	private StartPriority priority = StartPriority.normal();

	private WorkerCommand(String java, List<String> jvmOptions, @Nullable Path jar, @Nullable String classPath,
			@Nullable String mainClass, List<String> args) {
		this.java = java;
		this.jvmOptions = jvmOptions;
		this.jar = jar;
		this.classPath = classPath;
		this.mainClass = mainClass;
		this.args = args;
	}

	/**
	 * The command that started this JVM, to start workers the same way.
	 * @param args the application's arguments
	 * @return the command
	 */
	static WorkerCommand ofThisJvm(String[] args) {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		List<String> options = new ArrayList<>();
		for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			if (option.startsWith("-agentlib:jdwp") || option.startsWith("-Xrunjdwp")) {
				// Its port is the supervisor's: a worker could not bind it.
				logger.info("Workers start without the supervisor's debug agent (" + option + ")");
				continue;
			}
			options.add(option);
		}
		if (options.stream().noneMatch((option) -> option.contains(OPEN_NIO_INTERNALS))) {
			// A worker adopts the keep-alive connections a retiring worker hands over.
			options.add("--add-opens=java.base/" + OPEN_NIO_INTERNALS);
		}
		if (options.stream().noneMatch((option) -> option.contains("OutOfMemoryError"))) {
			// A worker out of memory limps on; one that exits is replaced by the supervisor.
			options.add("-XX:+ExitOnOutOfMemoryError");
		}
		String classPath = System.getProperty("java.class.path", "");
		String command = System.getProperty("sun.java.command", "");
		String first = command.isEmpty() ? "" : command.split(" ", 2)[0];
		boolean jarLaunch = !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")
				&& first.equals(classPath);
		if (jarLaunch) {
			return new WorkerCommand(java, options, Paths.get(classPath).toAbsolutePath(), null, null, List.of(args));
		}
		return new WorkerCommand(java, options, null, classPath, first, List.of(args));
	}

	/**
	 * The command line of one worker.
	 * @param directory a directory of the worker's own, for its copy of the jar
	 * @param besideServing whether a worker serves while this one starts: then it starts at
	 * the {@linkplain #priority(StartPriority) start priority}
	 * @return the command line
	 * @throws IOException if the jar is missing or cannot be copied
	 */
	List<String> commandLine(Path directory, boolean besideServing) throws IOException {
		List<String> line = new ArrayList<>(besideServing ? this.priority.prefix() : List.of());
		line.add(this.java);
		line.addAll(this.jvmOptions);
		if (this.jar != null) {
			Path copy = snapshot(this.jar, directory);
			List<String> launch = (this.sharing != null) ? this.sharing.launchArguments(copy, directory) : null;
			if (launch != null) {
				line.addAll(launch);
			}
			else {
				line.add("-jar");
				line.add(copy.toString());
			}
		}
		else {
			line.add("-cp");
			line.add(this.classPath);
			line.add(this.mainClass);
		}
		line.addAll(this.args);
		return line;
	}

	private static Path snapshot(Path jar, Path directory) throws IOException {
		Files.createDirectories(directory);
		Path copy = directory.resolve(jar.getFileName());
		try {
			return Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (NoSuchFileException ex) {
			throw new NoSuchFileException(jar.toString(), null, "the application jar is missing");
		}
	}

	/**
	 * Starts workers beside a serving one at a lower CPU priority, if this JVM can give it
	 * back when they serve.
	 * @param priority the start priority
	 */
	void priority(StartPriority priority) {
		this.priority = priority;
	}

	StartPriority priority() {
		return this.priority;
	}

	String java() {
		return this.java;
	}

	List<String> jvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * Starts workers of a jar from its extracted layout with a class data sharing archive.
	 * @param sharing the archives' keeper
	 */
	void share(ClassDataSharing sharing) {
		if (this.jar != null && sharing.isEnabled()) {
			this.sharing = sharing;
		}
	}

	/**
	 * Called once a worker serves, to check it used the archive or build one.
	 * @param directory the worker's directory
	 * @param worker the worker, for the log
	 */
	void serving(Path directory, String worker) {
		if (this.sharing != null) {
			this.sharing.serving(directory, worker);
		}
	}

	void close() {
		if (this.sharing != null) {
			this.sharing.close();
		}
	}

	/**
	 * The application jar workers start from, if they start from one.
	 * @return the jar, or {@code null} for a class path launch
	 */
	@Nullable Path jar() {
		return this.jar;
	}

	/**
	 * What workers are started from, for the log.
	 * @return a description
	 */
	String describe() {
		return (this.jar != null) ? "jar " + this.jar : "main class " + this.mainClass + " on the class path";
	}

}
