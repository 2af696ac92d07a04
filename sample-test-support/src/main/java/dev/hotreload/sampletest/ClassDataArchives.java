package dev.hotreload.sampletest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds the class data archive a sample's process-mode workers start with, once per test
 * JVM and jar before its first supervisor, as a deploy step would
 * ({@code hotreload.process.class-data-sharing.build-only}); the other fork's build waits
 * for this one and finds the archive. Left to the supervisors, the archive is built in the
 * background at the lowest CPU priority, which starved on the busy machine and was
 * abandoned with each supervisor: in a CI run, no worker had it.
 */
public final class ClassDataArchives {

	private static final Set<Path> built = new HashSet<>();

	private ClassDataArchives() {
	}

	/**
	 * Builds the archive of a jar's dependencies unless this JVM did already.
	 * @param jar the runnable jar
	 * @param jvmOptions the supervisors' JVM options (part of the archive's key)
	 * @throws IOException if the build cannot be started
	 * @throws IllegalStateException if it failed, with its output
	 */
	public static synchronized void buildOnce(Path jar, List<String> jvmOptions) throws IOException {
		if (built.contains(jar.toAbsolutePath())) {
			return;
		}
		Path log = Files.createTempFile("hotreload-cds-build-", ".log");
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--hotreload.mode=process",
				"--hotreload.process.class-data-sharing.build-only=true"));
		Process build = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!build.waitFor(5, TimeUnit.MINUTES)) {
				build.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			build.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		String output = Files.readString(log);
		if (build.isAlive() || build.exitValue() != 0) {
			throw new IllegalStateException("Building the class data archive failed:\n" + output);
		}
		output.lines().filter((line) -> line.contains("class data archive")).forEach(System.out::println);
		Files.delete(log);
		built.add(jar.toAbsolutePath());
	}

	/**
	 * The {@code java} of the JVM running the tests, which starts the samples' JVMs too.
	 * @return its path
	 */
	public static String java() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

}
