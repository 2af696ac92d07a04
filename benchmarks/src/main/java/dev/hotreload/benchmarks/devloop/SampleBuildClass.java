package dev.hotreload.benchmarks.devloop;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The sample's {@code dev.hotreload.sample.SampleBuild}, compiled anew to name another
 * build, and written over the class file in a class directory as a compiler writes it: in
 * place. The sample's {@code GET /hello} names the build in its {@code X-Sample-Build}
 * header, so the harness sees when the new code serves.
 */
final class SampleBuildClass {

	static final String CLASS_FILE = "dev/hotreload/sample/SampleBuild.class";

	private SampleBuildClass() {
	}

	/**
	 * Compiles {@code SampleBuild} with {@code name()} returning a build's name.
	 * @param build the name, such as {@code v2}
	 * @param scratch an empty directory for the compiler's output
	 * @return the class file's bytes
	 * @throws IOException if the class file cannot be read back
	 * @throws IllegalStateException if this JVM has no compiler (a JRE) or it fails
	 */
	static byte[] compile(String build, Path scratch) throws IOException {
		String source = "package dev.hotreload.sample;\n\nfinal class SampleBuild {\n\n"
				+ "\tprivate SampleBuild() {\n\t}\n\n\tstatic String name() {\n\t\treturn \"" + build + "\";\n\t}\n\n}\n";
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		if (compiler == null) {
			throw new IllegalStateException("This JVM has no Java compiler; run the harness on a JDK");
		}
		try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(scratch.toFile()));
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
		return Files.readAllBytes(scratch.resolve(CLASS_FILE));
	}

	/**
	 * Writes the class file over the one in a class directory, truncating it in place as
	 * javac does (same inode).
	 * @param classes the class directory
	 * @param classFile the bytes
	 * @return {@link System#nanoTime()} once the file is written and closed
	 * @throws IOException if it cannot be written
	 */
	static long write(Path classes, byte[] classFile) throws IOException {
		Files.write(classes.resolve(CLASS_FILE), classFile);
		return System.nanoTime();
	}

}
