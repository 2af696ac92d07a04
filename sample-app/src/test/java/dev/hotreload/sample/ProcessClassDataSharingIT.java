package dev.hotreload.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sample.RunningSampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Class data sharing in process mode, with real supervisor and worker JVMs started from
 * the sample's runnable jar: the archive of the dependency jars is built in the background,
 * used by the next worker (its own {@code -Xlog:cds} output says so) across a release that
 * changes only the application's code, not offered when a dependency changes (the worker
 * starts without it and a new one is built), and rejected cleanly by the JVM when a
 * dependency jar it recorded was touched (the worker starts without it, the log says why,
 * and it is built again).
 */
class ProcessClassDataSharingIT {

	// A training run and a dump at the lowest priority, on a machine busy with other work.
	private static final Duration BUILD_BOUND = Duration.ofMinutes(6);

	private static final String BUILT = "Built the class data archive ";

	private static final String BUILDING = "Building the class data archive of the dependencies in ";

	@TempDir
	Path temp;

	@Test
	void buildsUsesAndRebuildsTheArchive() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path v2 = SampleJars.withBuild("v2", this.temp.resolve("v2.jar"));
		Path v3 = withChangedDependency(SampleJars.withBuild("v3", this.temp.resolve("v3-code.jar")),
				this.temp.resolve("v3.jar"));
		Path cache = this.temp.resolve("cds");
		Path tmp = Files.createDirectories(this.temp.resolve("tmp"));
		List<String> launch = List.of("-Djava.io.tmpdir=" + tmp, "-jar", jar.toString());
		try (SupervisorProcess supervisor = SupervisorProcess.start(launch, this.temp, RunningSampleClient.freePort(),
				"--hotreload.process.class-data-sharing.directory=" + cache)
			.awaitServing()) {
			RunningSampleClient http = supervisor.client();
			assertThat(supervisor.log()).contains("No class data archive for these dependencies yet");
			awaitBuilds(supervisor, 1);
			Path archive = onlyArchive(cache);

			// v2 changes the application's code only: its worker runs with the archive.
			SampleJars.copyOver(v2, jar);
			expectSwitch(http.reload(""), 2);
			assertThat(http.get("/hello").build()).isEqualTo("v2");
			assertUsed(cdsLog(tmp, supervisor, 2), archive);
			assertThat(supervisor.log()).containsPattern("runs with the class data archive \\(-Xlog:cds: Opened (shared )?archive (file )?"
					+ java.util.regex.Pattern.quote(archive + ".)"));

			// v3 changes a dependency: the old archive is not offered, a new one is built for
			// its dependencies (in a directory of its own; not waited for: it is the same
			// build as the first, and the supervisor abandons it when it stops).
			SampleJars.copyOver(v3, jar);
			expectSwitch(http.reload(""), 3);
			assertThat(http.get("/hello").build()).isEqualTo("v3");
			assertThat(supervisor.log()).containsPattern("The dependencies changed \\(changed snakeyaml-[^ ]+\\.jar\\)"
					+ ": the worker starts without a class data archive");
			assertThat(workerDirectory(tmp, supervisor, 3).resolve("cds.log")).doesNotExist();
			await().atMost(BUILD_BOUND).until(() -> supervisor.log().split(BUILDING, -1).length - 1 >= 2);
			assertThat(supervisor.log().substring(supervisor.log().lastIndexOf(BUILDING)))
				.doesNotStartWith(BUILDING + archive.getParent());

			// Back to v2, whose dependencies the first archive holds, after a jar it recorded
			// was touched: the JVM rejects the archive, the worker starts without it, the log
			// says why, and it is built again.
			Path lib = archive.resolveSibling("lib");
			try (Stream<Path> jars = Files.list(lib)) {
				Path touched = jars.filter((file) -> file.getFileName().toString().startsWith("spring-core-"))
					.findFirst()
					.orElseThrow();
				Files.setLastModifiedTime(touched, FileTime.from(Instant.now().plusSeconds(60)));
			}
			SampleJars.copyOver(v2, jar);
			expectSwitch(http.reload(""), 4);
			assertThat(http.get("/hello").build()).isEqualTo("v2");
			String rejected = "not the one used while building the shared archive file";
			assertThat(cdsLog(tmp, supervisor, 4)).contains(rejected);
			assertThat(supervisor.log()).containsPattern("did not use the class data archive "
					+ java.util.regex.Pattern.quote(archive.toString()) + ": [^\\n]*" + rejected)
				.contains("the archive is built again");

			// A supervisor stopped during a build ends the build's JVMs before it exits (a JVM,
			// most likely a training run, once outlived its supervisor on a busy machine): none
			// that names the cache is left, worker or build.
			await().atMost(BUILD_BOUND).until(() -> !jvmsNaming(cache, "-XX:DumpLoadedClassList").isEmpty()
					|| !jvmsNaming(cache, "-Xshare:dump").isEmpty());
			supervisor.signal("TERM");
			assertThat(supervisor.waitFor(Duration.ofSeconds(90))).isTrue();
			assertThat(jvmsNaming(cache, "")).isEmpty();
		}
	}

	private static List<String> jvmsNaming(Path cache, String option) {
		return ProcessHandle.allProcesses()
			.map((process) -> process.pid() + " " + process.info().commandLine().orElse(""))
			.filter((line) -> line.contains(cache.toString()) && line.contains(option))
			.toList();
	}

	// JDK 17 says "Opened archive <file>.", JDK 25 "Opened shared archive file <file>.";
	// a rejection says "UseSharedSpaces:" (17) or logs an error (25).
	private static void assertUsed(String cdsLog, Path archive) {
		assertThat(cdsLog).containsPattern("Opened (shared )?archive (file )?" + java.util.regex.Pattern.quote(archive + "."))
			.doesNotContain("UseSharedSpaces:")
			.doesNotContain("][error");
	}

	private static void expectSwitch(Answer answer, int generation) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("\"generation\":" + generation, "\"outcome\":\"SUCCESS\"");
	}

	private static void awaitBuilds(SupervisorProcess supervisor, int builds) {
		await().atMost(BUILD_BOUND).pollInterval(Duration.ofSeconds(1)).until(() -> {
			String log = supervisor.log();
			if (log.contains("Building the class data archive failed")) {
				throw new IllegalStateException("The archive build failed:\n" + log);
			}
			return log.split(BUILT, -1).length - 1 >= builds;
		});
	}

	private static Path onlyArchive(Path cache) throws IOException {
		try (Stream<Path> directories = Files.list(cache)) {
			List<Path> archives = directories.map((directory) -> directory.resolve("dependencies.jsa"))
				.filter(Files::isRegularFile)
				.toList();
			assertThat(archives).hasSize(1);
			return archives.get(0);
		}
	}

	// The worker's own -Xlog:cds output, in its directory while it runs.
	private static String cdsLog(Path tmp, SupervisorProcess supervisor, int generation) throws IOException {
		return Files.readString(workerDirectory(tmp, supervisor, generation).resolve("cds.log"));
	}

	private static Path workerDirectory(Path tmp, SupervisorProcess supervisor, int generation) throws IOException {
		try (Stream<Path> directories = Files.list(tmp)) {
			Path directory = directories
				.filter((path) -> path.getFileName().toString().startsWith("hotreload-" + supervisor.pid() + "-"))
				.findFirst()
				.orElseThrow();
			return directory.resolve("generation-" + generation);
		}
	}

	/**
	 * The jar with one more file in its snakeyaml jar: a dependency with other content
	 * under the same name, as a patched release of a library would be.
	 */
	private static Path withChangedDependency(Path source, Path target) throws IOException {
		try (ZipFile zip = new ZipFile(source.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				if (entry.getName().matches("BOOT-INF/lib/snakeyaml-.*\\.jar")) {
					content = withExtraEntry(content);
				}
				ZipEntry copy = new ZipEntry(entry.getName());
				copy.setMethod(entry.getMethod());
				if (entry.getMethod() == ZipEntry.STORED) {
					// Nested jars stay stored, as Spring Boot's launcher needs them.
					CRC32 crc = new CRC32();
					crc.update(content);
					copy.setSize(content.length);
					copy.setCompressedSize(content.length);
					copy.setCrc(crc.getValue());
				}
				out.putNextEntry(copy);
				out.write(content);
				out.closeEntry();
			}
		}
		Files.delete(source);
		return target;
	}

	private static byte[] withExtraEntry(byte[] jar) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
				ZipOutputStream out = new ZipOutputStream(bytes)) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				out.putNextEntry(new ZipEntry(entry.getName()));
				in.transferTo(out);
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("META-INF/patched-by-hotreload-test.txt"));
			out.write("patched\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
			out.closeEntry();
		}
		return bytes.toByteArray();
	}

}
