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

	@Test
	void fingerprintFollowsTheContentNotTheNameOrTime() throws Exception {
		Path jar = Files.write(this.temp.resolve("a.jar"), new byte[200_000]);
		String fingerprint = DependencySet.fingerprint(jar);
		assertThat(fingerprint).hasSize(28).matches("[0-9a-f]+");

		Path copy = Files.copy(jar, this.temp.resolve("b.jar"));
		Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(0));
		assertThat(DependencySet.fingerprint(copy)).isEqualTo(fingerprint);

		byte[] changed = new byte[200_000];
		changed[123_456] = 1;
		assertThat(DependencySet.fingerprint(Files.write(copy, changed))).isNotEqualTo(fingerprint);
		assertThat(DependencySet.fingerprint(Files.write(copy, new byte[200_001]))).isNotEqualTo(fingerprint);
	}

}
