package dev.hotreload.process.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The extracted layout of an executable jar laid out as Spring Boot's Maven and Gradle
 * plugins lay it out: the launcher at the root, the application under
 * {@code BOOT-INF/classes}, the dependencies stored under {@code BOOT-INF/lib} in the order
 * of {@code BOOT-INF/classpath.idx}.
 */
class ReleaseExtractTests {

	@TempDir
	Path temp;

	@Test
	void dependenciesInIndexOrderAndTheApplicationWithoutTheLauncher() throws Exception {
		byte[] zebra = "zebra library".getBytes(StandardCharsets.UTF_8);
		byte[] alpha = "alpha library".getBytes(StandardCharsets.UTF_8);
		Path jar = executableJar(this.temp.resolve("app-1.0.jar"), "- \"BOOT-INF/lib/zebra-1.0.jar\"\n"
				+ "- \"BOOT-INF/lib/alpha-2.0.jar\"\n", zebra, alpha);

		ReleaseExtract release = ReleaseExtract.extract(jar, this.temp.resolve("release"));

		assertThat(release.mainClass()).isEqualTo("com.example.App");
		Path lib = this.temp.resolve("release/lib");
		assertThat(release.dependencies()).containsExactly(lib.resolve("zebra-1.0.jar"), lib.resolve("alpha-2.0.jar"));
		assertThat(Files.readAllBytes(lib.resolve("zebra-1.0.jar"))).isEqualTo(zebra);
		assertThat(Files.readAllBytes(lib.resolve("alpha-2.0.jar"))).isEqualTo(alpha);
		assertThat(release.applicationJar()).isEqualTo(this.temp.resolve("release/app-1.0.jar"));
		try (JarFile application = new JarFile(release.applicationJar().toFile())) {
			assertThat(Collections.list(application.entries())).extracting(ZipEntry::getName)
				.containsExactlyInAnyOrder("META-INF/MANIFEST.MF", "META-INF/services/", "META-INF/maven/app/pom.properties",
						"com/", "com/example/", "com/example/App.class", "application.properties");
			assertThat(new String(application.getInputStream(application.getEntry("com/example/App.class"))
				.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("App");
			Attributes attributes = application.getManifest().getMainAttributes();
			assertThat(attributes.getValue("Main-Class")).isEqualTo("com.example.App");
			assertThat(attributes.getValue("Class-Path")).isEqualTo("lib/zebra-1.0.jar lib/alpha-2.0.jar");
			assertThat(attributes.getValue("Implementation-Title")).isEqualTo("app");
			assertThat(attributes.getValue("Start-Class")).isNull();
			assertThat(attributes.getValue("Spring-Boot-Classpath-Index")).isNull();
		}
	}

	@Test
	void withoutAnIndexTheDependenciesKeepTheJarsOrder() throws Exception {
		Path jar = executableJar(this.temp.resolve("app.jar"), null, new byte[] { 1 }, new byte[] { 2 });

		ReleaseExtract release = ReleaseExtract.extract(jar, this.temp.resolve("release"));

		assertThat(release.dependencies()).extracting((path) -> path.getFileName().toString())
			.containsExactly("zebra-1.0.jar", "alpha-2.0.jar");
	}

	@Test
	void aJarThatIsNotSpringBootsExecutableJarIsRefusedWithWhy() throws Exception {
		Path jar = this.temp.resolve("plain.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Plain");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			out.putNextEntry(new ZipEntry("com/example/Plain.class"));
			out.closeEntry();
		}

		assertThatIOException().isThrownBy(() -> ReleaseExtract.extract(jar, this.temp.resolve("release")))
			.withMessage("plain.jar is not a Spring Boot executable jar: its manifest names no Start-Class");
	}

	/** The two dependencies are written zebra first, then alpha, as the index orders them. */
	private static Path executableJar(Path jar, String index, byte[] zebra, byte[] alpha) throws IOException {
		Manifest manifest = new Manifest();
		Attributes attributes = manifest.getMainAttributes();
		attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		attributes.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
		attributes.putValue("Start-Class", "com.example.App");
		attributes.putValue("Implementation-Title", "app");
		attributes.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
		attributes.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
		if (index != null) {
			attributes.putValue("Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
		}
		List<String> directories = new ArrayList<>(List.of("META-INF/", "META-INF/services/", "org/",
				"org/springframework/", "BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/META-INF/",
				"BOOT-INF/classes/com/", "BOOT-INF/classes/com/example/", "BOOT-INF/lib/"));
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
			for (String directory : directories) {
				out.putNextEntry(new ZipEntry(directory));
				out.closeEntry();
			}
			write(out, "META-INF/services/java.nio.file.spi.FileSystemProvider", "launcher's nested file system");
			write(out, "org/springframework/boot/loader/launch/JarLauncher.class", "JarLauncher");
			write(out, "META-INF/maven/app/pom.properties", "version=1.0");
			write(out, "BOOT-INF/classes/com/example/App.class", "App");
			write(out, "BOOT-INF/classes/application.properties", "greeting=hello");
			// Spring Boot stores nested jars uncompressed; how they are stored does not matter here.
			write(out, "BOOT-INF/lib/zebra-1.0.jar", zebra);
			write(out, "BOOT-INF/lib/alpha-2.0.jar", alpha);
			if (index != null) {
				write(out, "BOOT-INF/classpath.idx", index);
			}
		}
		return jar;
	}

	private static void write(JarOutputStream out, String name, String content) throws IOException {
		write(out, name, content.getBytes(StandardCharsets.UTF_8));
	}

	private static void write(JarOutputStream out, String name, byte[] content) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		out.write(content);
		out.closeEntry();
	}

}
