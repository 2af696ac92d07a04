package dev.hotreload.benchmarks.devloop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the dev-loop comparison starts the sample from, as the build left it: the sample's
 * class directory ({@code sample-app/target/classes}, copied for every run, never written
 * to), its runtime dependency jars (listed by {@code maven-dependency-plugin:build-classpath}
 * in the sample's build) and the DevTools jar (copied by the benchmarks' build). The
 * harness's executable jar cannot supply them: its nested jars are unreadable to a plain
 * {@code java -cp}, and it holds the harness's own dependencies too. The locations are
 * filtered into {@value #LOCATIONS} at build time.
 */
final class SampleClassPath {

	static final String LOCATIONS = "locations.properties";

	private static final String BUILD = "./mvnw -B -pl benchmarks -am package -DskipTests";

	private final Path classes;

	private final List<Path> jars;

	private final Path devtools;

	SampleClassPath(Path classes, List<Path> jars, Path devtools) {
		this.classes = classes;
		this.jars = List.copyOf(jars);
		this.devtools = devtools;
	}

	/**
	 * The locations the build wrote, checked.
	 * @return the class path's parts
	 * @throws IOException if the locations cannot be read
	 * @throws IllegalStateException if something is missing: the build has not run
	 */
	static SampleClassPath fromBuild() throws IOException {
		Properties locations = new Properties();
		try (InputStream in = SampleClassPath.class.getResourceAsStream(LOCATIONS)) {
			if (in == null) {
				throw new IllegalStateException("No " + LOCATIONS + " next to " + SampleClassPath.class.getName());
			}
			locations.load(in);
		}
		Path classes = existing(locations, "sample.classes");
		Path classPathFile = existing(locations, "sample.class-path-file");
		List<Path> jars = new ArrayList<>();
		for (String entry : Files.readString(classPathFile, StandardCharsets.UTF_8).strip().split(Pattern.quote(File.pathSeparator))) {
			Path jar = Path.of(entry);
			if (!Files.exists(jar)) {
				throw new IllegalStateException(
						classPathFile + " lists " + jar + ", which is missing; run " + BUILD);
			}
			// Only the devtools-restart run may have DevTools: it would restart the other one.
			if (jar.getFileName().toString().startsWith("spring-boot-devtools")) {
				throw new IllegalStateException(classPathFile + " lists DevTools: " + jar);
			}
			jars.add(jar);
		}
		return new SampleClassPath(classes, jars, existing(locations, "devtools.jar"));
	}

	private static Path existing(Properties locations, String key) {
		String value = locations.getProperty(key);
		if (value == null || value.contains("@")) {
			throw new IllegalStateException(LOCATIONS + " has no " + key + " filled in by the build; run " + BUILD);
		}
		Path path = Path.of(value).toAbsolutePath().normalize();
		if (!Files.exists(path)) {
			throw new IllegalStateException("No " + path + " (" + key + "); run " + BUILD);
		}
		return path;
	}

	/**
	 * Copies the sample's class directory.
	 * @param target the directory to create, which a run then writes new class files into
	 * @return {@code target}
	 * @throws IOException if it cannot be copied
	 */
	Path copyClasses(Path target) throws IOException {
		try (Stream<Path> files = Files.walk(this.classes)) {
			for (Path source : (Iterable<Path>) files::iterator) {
				Path copy = target.resolve(this.classes.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(copy);
				}
				else {
					Files.copy(source, copy);
				}
			}
		}
		return target;
	}

	/**
	 * The class path of one run: the copied class directory first, as an IDE puts the
	 * project's output, then the dependency jars, then DevTools if the setup has it.
	 * @param classes the run's copy of the class directory
	 * @param withDevtools whether to add {@code spring-boot-devtools}
	 * @return the entries, in order
	 */
	List<Path> entries(Path classes, boolean withDevtools) {
		List<Path> entries = new ArrayList<>();
		entries.add(classes);
		entries.addAll(this.jars);
		if (withDevtools) {
			entries.add(this.devtools);
		}
		return entries;
	}

	Path classes() {
		return this.classes;
	}

	List<Path> jars() {
		return this.jars;
	}

	/**
	 * The entries of the dependency class path that are directories, not jars: a reactor
	 * build that stopped before {@code package} lists its modules' {@code target/classes},
	 * which both setups then treat as class directories of the application too.
	 * @return those entries, empty after {@code package}
	 */
	List<Path> directories() {
		return this.jars.stream().filter(Files::isDirectory).toList();
	}

}
