package dev.hotreload.process.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the class data sharing archive of a set of dependency jars, in two JVMs of
 * their own at the lowest CPU priority, so that the worker serving meanwhile keeps its
 * rate. A training run starts the application until its context is refreshed
 * ({@code -Dspring.context.exit=onRefresh}: no web server starts, no port is bound, no
 * runner or scheduled task runs) with hotreload off (so it neither becomes a supervisor
 * nor looks for one) and lists the classes it loaded; then a static dump archives those
 * of them that the dependency jars hold. The application's own jar is not on the dump's
 * class path: the archive stays valid for every release with the same dependencies,
 * since the JVM accepts a run-time class path that extends the archive's.
 */
final class ArchiveTraining {

	static final String ARCHIVE = "dependencies.jsa";

	private static final long STEP_TIMEOUT_SECONDS = 600;

	private ArchiveTraining() {
	}

	/**
	 * Builds the archive into {@code directory/dependencies.jsa}, replacing it atomically.
	 * @param java the java executable
	 * @param jvmOptions the workers' options, without class data sharing options
	 * @param release a release with these dependencies, to train on
	 * @param dependencies the stable copies of its dependency jars
	 * @param args the application's arguments
	 * @param directory the dependencies' directory in the cache
	 * @param inBackground whether the two JVMs run at the lowest CPU priority (beside a
	 * serving worker) or at this JVM's (a build nothing waits beside)
	 * @param processes where the two JVMs are followed while they run
	 * @return the archive
	 * @throws IOException if a step failed; its output is in the directory
	 */
	static Path build(String java, List<String> jvmOptions, ReleaseExtract release, List<Path> dependencies,
			List<String> args, Path directory, boolean inBackground, BuildProcesses processes) throws IOException {
		Path classList = directory.resolve("classes.lst");
		List<Path> trainingClassPath = new ArrayList<>(dependencies);
		trainingClassPath.add(release.applicationJar());
		List<String> training = new ArrayList<>(inBackground ? lowPriority() : List.of());
		training.add(java);
		training.addAll(jvmOptions);
		training.add("-XX:DumpLoadedClassList=" + classList);
		training.add("-Dspring.context.exit=onRefresh");
		training.add("-cp");
		training.add(classPath(trainingClassPath));
		training.add(release.mainClass());
		// Given twice on the command line, Spring Boot would join the values with a comma.
		args.stream().filter((arg) -> !isOverridden(arg)).forEach(training::add);
		training.add("--hotreload.enabled=false");
		training.add("--server.port=0");
		run(training, directory.resolve("training.log"), "The training run", processes);
		Path staging = directory.resolve(ARCHIVE + ".tmp");
		List<String> dump = new ArrayList<>(inBackground ? lowPriority() : List.of());
		dump.add(java);
		dump.addAll(jvmOptions);
		dump.add("-Xshare:dump");
		dump.add("-XX:SharedClassListFile=" + classList);
		dump.add("-XX:SharedArchiveFile=" + staging);
		dump.add("-cp");
		dump.add(classPath(dependencies));
		run(dump, directory.resolve("dump.log"), "The archive dump", processes);
		if (!Files.isRegularFile(staging)) {
			throw new IOException("The archive dump wrote no " + staging + " (see " + directory.resolve("dump.log") + ")");
		}
		return Files.move(staging, directory.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static boolean isOverridden(String arg) {
		return arg.startsWith("--server.port=") || arg.startsWith("--hotreload.enabled=")
				|| arg.startsWith("--hotreload.process.class-data-sharing.build-only");
	}

	static String classPath(List<Path> entries) {
		return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
	}

	private static void run(List<String> command, Path output, String step, BuildProcesses processes)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		// Whatever makes a JVM a worker of a supervisor stays out of the training run.
		builder.environment().keySet().removeIf((name) -> name.startsWith("HOTRELOAD_"));
		Process process = builder.start();
		if (!processes.started(process)) {
			throw new IOException(step + " was abandoned: the supervisor stops");
		}
		try {
			process.getOutputStream().close();
			if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException(step + " took longer than " + STEP_TIMEOUT_SECONDS + " s (see " + output + ")");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException(step + " was interrupted", ex);
		}
		finally {
			processes.ended(process);
		}
		if (process.exitValue() != 0) {
			throw new IOException(step + " exited with code " + process.exitValue() + " (see " + output + ")");
		}
	}

	/**
	 * {@code nice -n 19} where there is one: it sets the priority before the JVM starts,
	 * so every thread the JVM creates inherits it (on Linux the priority is per thread).
	 */
	private static List<String> lowPriority() {
		for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
			if (Files.isExecutable(Path.of(nice))) {
				return List.of(nice, "-n", "19");
			}
		}
		return List.of();
	}

}
