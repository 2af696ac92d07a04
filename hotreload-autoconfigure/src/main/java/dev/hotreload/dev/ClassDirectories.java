package dev.hotreload.dev;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.jspecify.annotations.Nullable;

/**
 * The application's own class directories ({@code target/classes},
 * {@code build/classes/java/main}, an IDE's output folders): the directories on the class
 * path, where a build writes what changed. Jars are dependencies and stay shared, as in
 * Spring Boot DevTools' restart; so does the directory hotreload itself is loaded from
 * (a build of hotreload's own project).
 */
public final class ClassDirectories {

	private ClassDirectories() {
	}

	/**
	 * The class directories of this JVM's class path.
	 * @return the directories, in class path order; empty when the application runs from
	 * a jar
	 */
	public static List<Path> ofThisJvm() {
		return of(System.getProperty("java.class.path", ""), ownLocation());
	}

	static List<Path> of(String classPath, @Nullable Path excluded) {
		Set<Path> directories = new LinkedHashSet<>();
		for (Path entry : entries(classPath)) {
			if (Files.isDirectory(entry) && !entry.equals(excluded)) {
				directories.add(entry);
			}
		}
		return List.copyOf(directories);
	}

	private static List<Path> entries(String classPath) {
		List<Path> entries = new ArrayList<>();
		for (String element : classPath.split(File.pathSeparator)) {
			if (element.isBlank()) {
				continue;
			}
			Path entry = Path.of(element).toAbsolutePath().normalize();
			entries.add(entry);
			entries.addAll(manifestClassPath(entry));
		}
		return entries;
	}

	// IDEs and Surefire shorten a long class path into a jar whose manifest lists it.
	private static List<Path> manifestClassPath(Path entry) {
		if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
			return List.of();
		}
		try (JarFile jar = new JarFile(entry.toFile())) {
			Manifest manifest = jar.getManifest();
			String listed = (manifest != null) ? manifest.getMainAttributes().getValue("Class-Path") : null;
			if (listed == null) {
				return List.of();
			}
			List<Path> paths = new ArrayList<>();
			for (String url : listed.trim().split("\\s+")) {
				paths.add(Path.of(entry.getParent().toUri().resolve(url)).toAbsolutePath().normalize());
			}
			return paths;
		}
		catch (IOException | IllegalArgumentException ex) {
			return List.of();
		}
	}

	private static @Nullable Path ownLocation() {
		CodeSource source = ClassDirectories.class.getProtectionDomain().getCodeSource();
		try {
			return (source != null) ? Path.of(source.getLocation().toURI()).toAbsolutePath().normalize() : null;
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return null;
		}
	}

}
