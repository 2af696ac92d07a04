package dev.hotreload.process.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DependencySetTests {

	@TempDir
	Path temp;

	@Test
	void keyChangesWithAJarsContentAndTheJvmOptionsButNotWithSystemProperties() throws Exception {
		Path jar = Files.writeString(this.temp.resolve("library-1.0.jar"), "content");
		List<Path> jars = List.of(jar);
		String key = DependencySet.of(jars, "java", List.of("-Xmx256m")).key();

		assertThat(DependencySet.of(jars, "java", List.of("-Xmx256m", "-Djava.io.tmpdir=/elsewhere")).key())
			.isEqualTo(key);
		assertThat(DependencySet.of(jars, "java", List.of("-Xmx512m")).key()).isNotEqualTo(key);
		assertThat(DependencySet.of(jars, "other/java", List.of("-Xmx256m")).key()).isNotEqualTo(key);
		Files.writeString(jar, "patched");
		assertThat(DependencySet.of(jars, "java", List.of("-Xmx256m")).key()).isNotEqualTo(key);
	}

}
