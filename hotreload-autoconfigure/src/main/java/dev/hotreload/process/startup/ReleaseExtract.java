package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One release of the application jar in Spring Boot's extracted layout
 * ({@code java -Djarmode=tools -jar app.jar extract}): the application's own classes in a
 * jar of their own, whose manifest names the main class and the dependency jars in
 * {@code lib/}, in class path order.
 *
 * @param applicationJar the jar of the application's own classes
 * @param mainClass the application's main class
 * @param dependencies the dependency jars, in class path order
 */
record ReleaseExtract(Path applicationJar, String mainClass, List<Path> dependencies) {

	private static final long EXTRACT_TIMEOUT_SECONDS = 120;

	/**
	 * Extracts a Spring Boot executable jar with its own tools, in a JVM of their own.
	 * @param java the java executable
	 * @param jar the executable jar
	 * @param destination a directory that does not exist yet
	 * @return the extracted release
	 * @throws IOException if the jar could not be extracted (not a Spring Boot jar, say)
	 */
	static ReleaseExtract extract(String java, Path jar, Path destination) throws IOException {
		Files.createDirectories(destination.getParent());
		Path output = destination.resolveSibling(destination.getFileName() + ".log");
		// A JVM that lives a second, beside a serving worker: C1 only and the serial
		// collector, without compiler and GC threads it has no time to use (measured: 1.1
		// against 1.8 CPU seconds of user time for the sample's jar).
		Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djarmode=tools",
				"-jar", jar.toString(), "extract", "--destination", destination.toString())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			if (!process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IOException("Extracting " + jar + " took longer than " + EXTRACT_TIMEOUT_SECONDS + " s");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while extracting " + jar, ex);
		}
		String said = Files.readString(output).strip();
		Files.deleteIfExists(output);
		if (process.exitValue() != 0) {
			throw new IOException("java -Djarmode=tools -jar " + jar.getFileName() + " extract exited with code "
					+ process.exitValue() + (said.isEmpty() ? "" : ": " + said));
		}
		return read(destination, jar.getFileName().toString());
	}

	private static ReleaseExtract read(Path destination, String jarName) throws IOException {
		Path applicationJar = destination.resolve(jarName);
		if (!Files.isRegularFile(applicationJar)) {
			throw new IOException("The extracted layout in " + destination + " has no " + jarName);
		}
		Manifest manifest;
		try (JarFile jar = new JarFile(applicationJar.toFile())) {
			manifest = jar.getManifest();
		}
		Attributes attributes = (manifest != null) ? manifest.getMainAttributes() : new Attributes();
		String mainClass = attributes.getValue(Attributes.Name.MAIN_CLASS);
		String classPath = attributes.getValue(Attributes.Name.CLASS_PATH);
		if (mainClass == null || classPath == null) {
			throw new IOException("The extracted " + applicationJar + " names no Main-Class or no Class-Path");
		}
		List<Path> dependencies = new ArrayList<>();
		for (String entry : classPath.trim().split("\\s+")) {
			dependencies.add(destination.resolve(entry));
		}
		return new ReleaseExtract(applicationJar, mainClass, List.copyOf(dependencies));
	}

}
