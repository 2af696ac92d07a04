package dev.hotreload.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds of the sample's runnable jar that differ in code: the jar Maven packaged ({@code v1})
 * with {@code SampleBuild} compiled anew to name another build, and builds whose packaged
 * configuration differs (one that fails at start-up, one that starts slowly).
 */
final class SampleJars {

	private static final String BUILD_CLASS = "BOOT-INF/classes/dev/hotreload/sample/SampleBuild.class";

	private static final String PROPERTIES = "BOOT-INF/classes/application.properties";

	private SampleJars() {
	}

	/** The runnable jar Maven packaged before the integration tests. */
	static Path packaged() {
		Path jar = Paths.get(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT-exec.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No runnable sample jar at " + jar + "; run ./mvnw -B verify");
		}
		return jar;
	}

	/** The packaged jar with {@code SampleBuild.name()} returning another build's name. */
	static Path withBuild(String build, Path target) throws IOException {
		return rewrite(packaged(), target, Map.of(BUILD_CLASS, compileSampleBuild(build)));
	}

	/** A build whose packaged configuration makes every start fail. */
	static Path failingAtStartup(String build, Path target) throws IOException {
		return withPackagedProperty(build, "server.servlet.context-path=no-leading-slash", target);
	}

	/** A build whose packaged configuration has one more line. */
	static Path withPackagedProperty(String build, String property, Path target) throws IOException {
		Path built = withBuild(build, target.resolveSibling(target.getFileName() + ".tmp"));
		String properties;
		try (ZipFile zip = new ZipFile(built.toFile())) {
			properties = new String(zip.getInputStream(zip.getEntry(PROPERTIES)).readAllBytes(), StandardCharsets.UTF_8);
		}
		rewrite(built, target, Map.of(PROPERTIES, (properties + "\n" + property + "\n").getBytes(StandardCharsets.UTF_8)));
		Files.delete(built);
		return target;
	}

	/** The packaged jar, copied into a directory as {@code app.jar}. */
	static Path copyTo(Path directory) throws IOException {
		return Files.copy(packaged(), directory.resolve("app.jar"));
	}

	private static Path rewrite(Path source, Path target, Map<String, byte[]> replacements) throws IOException {
		try (ZipFile zip = new ZipFile(source.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				byte[] replacement = replacements.get(entry.getName());
				if (replacement != null) {
					out.putNextEntry(new ZipEntry(entry.getName()));
					out.write(replacement);
				}
				else {
					// Nested jars stay stored, as Spring Boot's launcher needs them.
					ZipEntry copy = new ZipEntry(entry);
					copy.setCompressedSize(-1);
					if (copy.getMethod() == ZipEntry.STORED) {
						copy.setCompressedSize(entry.getSize());
					}
					out.putNextEntry(copy);
					try (InputStream in = zip.getInputStream(entry)) {
						in.transferTo(out);
					}
				}
				out.closeEntry();
			}
		}
		return target;
	}

	/** {@code SampleBuild} compiled anew to name another build: its class file. */
	static byte[] compileSampleBuild(String build) throws IOException {
		String source = "package dev.hotreload.sample;\n" + "final class SampleBuild {\n"
				+ "	private SampleBuild() {\n	}\n" + "	static String name() {\n		return \"" + build + "\";\n	}\n"
				+ "}\n";
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		Path output = Files.createTempDirectory("sample-build-");
		try (var files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
			JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///SampleBuild.java"),
					JavaFileObject.Kind.SOURCE) {
				@Override
				public CharSequence getCharContent(boolean ignoreEncodingErrors) {
					return source;
				}
			};
			if (!compiler.getTask(null, files, null, List.of("--release", "17"), null, List.of(unit)).call()) {
				throw new IllegalStateException("Could not compile SampleBuild for build " + build);
			}
		}
		return Files.readAllBytes(output.resolve("dev/hotreload/sample/SampleBuild.class"));
	}

	/** Writes a file's bytes over another, in place, as {@code cp} does: the same inode. */
	static void copyOver(Path source, Path target) throws IOException {
		try (OutputStream out = Files.newOutputStream(target)) {
			Files.copy(source, out);
		}
	}

}
