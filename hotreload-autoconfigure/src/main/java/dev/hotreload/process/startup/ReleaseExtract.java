package dev.hotreload.process.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.jspecify.annotations.Nullable;

/**
 * One release of the application jar in Spring Boot's extracted layout (what
 * {@code java -Djarmode=tools -jar app.jar extract} writes): the application's own classes
 * in a jar of their own, whose manifest names the main class and the dependency jars in
 * {@code lib/}, in class path order.
 *
 * @param applicationJar the jar of the application's own classes
 * @param mainClass the application's main class
 * @param dependencies the dependency jars, in class path order
 */
record ReleaseExtract(Path applicationJar, String mainClass, List<Path> dependencies) {

	private static final String LIB = "lib/";

	/** The manifest attributes of the executable jar that mean nothing in the extracted one. */
	private static final List<String> LAUNCHER_ATTRIBUTES = List.of("Start-Class", "Spring-Boot-Classes",
			"Spring-Boot-Lib", "Spring-Boot-Classpath-Index", "Spring-Boot-Layers-Index");

	/**
	 * Extracts a Spring Boot executable jar in the supervisor's own JVM: the nested jars
	 * (stored, not compressed) are copied out as they are, in the order of the jar's class
	 * path index, and the application's classes and resources are written into a jar of
	 * their own without Spring Boot's launcher. The same layout as Spring Boot's tools,
	 * which took a JVM of their own (1.1 CPU seconds and about 1.5 s for the sample's jar,
	 * beside the serving worker, at every new release).
	 * @param jar the executable jar
	 * @param destination a directory that does not exist yet
	 * @return the extracted release
	 * @throws IOException if the jar cannot be read or is not a Spring Boot executable jar
	 */
	static ReleaseExtract extract(Path jar, Path destination) throws IOException {
		try (JarFile executable = new JarFile(jar.toFile())) {
			Manifest manifest = executable.getManifest();
			Attributes attributes = (manifest != null) ? manifest.getMainAttributes() : new Attributes();
			String mainClass = attributes.getValue("Start-Class");
			if (mainClass == null) {
				throw new IOException(jar.getFileName() + " is not a Spring Boot executable jar: its manifest names no"
						+ " Start-Class");
			}
			String classes = valueOr(attributes, "Spring-Boot-Classes", "BOOT-INF/classes/");
			String lib = valueOr(attributes, "Spring-Boot-Lib", "BOOT-INF/lib/");
			Files.createDirectories(destination.resolve(LIB));
			List<String> libraries = libraries(executable, attributes.getValue("Spring-Boot-Classpath-Index"), lib);
			List<Path> dependencies = new ArrayList<>();
			for (String library : libraries) {
				JarEntry entry = executable.getJarEntry(library);
				if (entry == null) {
					throw new IOException(jar.getFileName() + "'s class path index names " + library
							+ ", which it does not hold");
				}
				Path target = destination.resolve(LIB + fileName(library));
				try (InputStream in = executable.getInputStream(entry)) {
					Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
				}
				dependencies.add(target);
			}
			Path applicationJar = destination.resolve(jar.getFileName().toString());
			writeApplicationJar(executable, manifest, mainClass, classes, dependencies, applicationJar);
			return new ReleaseExtract(applicationJar, mainClass, List.copyOf(dependencies));
		}
	}

	/** The nested jars in class path order: the index's, or the jar's own without one. */
	private static List<String> libraries(JarFile executable, @Nullable String index, String lib) throws IOException {
		List<String> libraries = new ArrayList<>();
		JarEntry indexEntry = (index != null) ? executable.getJarEntry(index) : null;
		if (indexEntry != null) {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(executable.getInputStream(indexEntry), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					// Lines read: - "BOOT-INF/lib/name.jar"
					String name = line.strip();
					if (name.startsWith("- \"") && name.endsWith("\"")) {
						libraries.add(name.substring(3, name.length() - 1));
					}
				}
			}
			return libraries;
		}
		Enumeration<JarEntry> entries = executable.entries();
		while (entries.hasMoreElements()) {
			String name = entries.nextElement().getName();
			if (name.startsWith(lib) && name.endsWith(".jar") && name.indexOf('/', lib.length()) < 0) {
				libraries.add(name);
			}
		}
		return libraries;
	}

	/**
	 * The application's classes and resources at the root, the executable jar's own
	 * {@code META-INF} entries beside them; neither the launcher's classes, nor its file
	 * system provider, nor the nested jars and indexes.
	 */
	private static void writeApplicationJar(JarFile executable, Manifest original, String mainClass, String classes,
			List<Path> dependencies, Path target) throws IOException {
		Manifest manifest = new Manifest(original);
		Attributes attributes = manifest.getMainAttributes();
		LAUNCHER_ATTRIBUTES.forEach((name) -> attributes.remove(new Attributes.Name(name)));
		attributes.put(Attributes.Name.MAIN_CLASS, mainClass);
		List<String> classPath = dependencies.stream().map((dependency) -> LIB + dependency.getFileName()).toList();
		attributes.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
		try (OutputStream file = Files.newOutputStream(target);
				JarOutputStream out = new JarOutputStream(file, manifest)) {
			// The manifest comes first, without a directory entry of its own, as Spring Boot's tools write it.
			Set<String> written = new HashSet<>(Set.of(JarFile.MANIFEST_NAME, "META-INF/"));
			Enumeration<JarEntry> entries = executable.entries();
			while (entries.hasMoreElements()) {
				JarEntry entry = entries.nextElement();
				String name = applicationEntryName(entry.getName(), classes);
				// A directory can come from both places (META-INF/, say): once.
				if (name == null || name.isEmpty() || !written.add(name)) {
					continue;
				}
				JarEntry copy = new JarEntry(name);
				copy.setTime(entry.getTime());
				out.putNextEntry(copy);
				if (!entry.isDirectory()) {
					try (InputStream in = executable.getInputStream(entry)) {
						in.transferTo(out);
					}
				}
				out.closeEntry();
			}
		}
	}

	/** Where an entry of the executable jar goes in the application's jar, or null. */
	private static @Nullable String applicationEntryName(String name, String classes) {
		if (name.startsWith(classes)) {
			return name.substring(classes.length());
		}
		if (name.startsWith("META-INF/") && !name.equals(JarFile.MANIFEST_NAME)
				&& !name.equals("META-INF/services/java.nio.file.spi.FileSystemProvider")) {
			return name;
		}
		// BOOT-INF/lib, the indexes, the launcher's classes (org/springframework/boot/loader).
		return null;
	}

	private static String valueOr(Attributes attributes, String name, String otherwise) {
		String value = attributes.getValue(name);
		return (value != null) ? value : otherwise;
	}

	private static String fileName(String entry) {
		return entry.substring(entry.lastIndexOf('/') + 1);
	}

}
