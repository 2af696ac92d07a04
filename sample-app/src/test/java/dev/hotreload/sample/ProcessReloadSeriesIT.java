package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.process.startup.StartPriority;
import dev.hotreload.sample.RunningSampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One supervisor through a series of process reloads, in order: each new worker warms
 * itself up and starts at a lower priority; a new jar moved over the watched one starts one
 * worker from it; then reloads in a row leave one worker, one generation directory and no
 * growth in the supervisor. One supervisor for all three: each supervisor and first worker
 * a test starts is a JVM start on the machine's two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessReloadSeriesIT {

	@TempDir
	static Path temp;

	private static Path jar;

	private static Path tmp;

	private static SupervisorProcess supervisor;

	@BeforeAll
	static void startSupervisor() throws IOException {
		jar = SampleJars.copyTo(temp);
		// A temp directory of its own, to count the generation directories in: the shared
		// one may hold directories another run left. The class data archives stay in the
		// shared cache, as they would without that, so that these workers use the one the
		// other tests' supervisors built.
		tmp = Files.createDirectories(temp.resolve("tmp"));
		supervisor = SupervisorProcess
			.start(List.of("-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()), temp, RunningSampleClient.freePort(),
					"--hotreload.process.class-data-sharing.directory="
							+ Path.of(System.getProperty("java.io.tmpdir"), "hotreload-cds"),
					"--hotreload.watch.application-jar=true", "--hotreload.warm-up.requests=200",
					"--hotreload.warm-up.path=/hello", "--hotreload.process.start-nice=10")
			.awaitServing();
	}

	@AfterAll
	static void stopSupervisor() throws Exception {
		if (supervisor != null) {
			supervisor.close();
		}
	}

	/** Also at the default start priority: lower while it starts, the supervisor's once it serves. */
	@Test
	@Order(1)
	void aNewWorkerWarmsItselfUpBeforeItTakesOverAndLeavesNoConnectionOpen() throws Exception {
		// A worker's lines reach the log through the supervisor, a moment after its own.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(supervisor.log())
				.contains("Warmed up generation 1 with 200 requests to /hello", "(statuses {200=200})"));
		// SupervisorProcess built the archive first, as a deploy step would (build-only).
		assertThat(supervisor.log()).contains("The worker starts with the class data archive");
		long first = supervisor.workerPids().get(0);
		Answer reload = supervisor.client().reload("");
		assertThat(reload.status()).as(reload.body()).isEqualTo(200);
		long second = supervisor.workerPids().stream().filter((pid) -> pid != first).findFirst().orElseThrow();
		int supervisorNice = niceOf(Path.of("/proc", Long.toString(supervisor.pid()), "stat"));
		assertThat(supervisor.log()).contains("a new worker starts at nice " + (supervisorNice + 10),
				"Started worker " + second + " (generation 2) from", "at a lower CPU priority until it serves");
		try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(second), "task"))) {
			assertThat(threads.map((thread) -> niceOf(thread.resolve("stat"))).toList())
				.as("nice of every thread of the worker that serves").isNotEmpty()
				.containsOnly(supervisorNice);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(supervisor.log())
				.contains("Warmed up generation 2 with 200 requests to /hello"));
		// Its warm-up connections are closed: the first worker drains at once, not at the drain timeout.
		await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.log().contains("retired and exited"));
		assertThat(supervisor.log()).contains("worker " + first + " (generation 1) retired and exited with code 0")
			.doesNotContain("did not drain within");
		assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hello from generation 2\n");
	}

	@Test
	@Order(2)
	void aNewJarMovedOverTheWatchedOneStartsOneWorkerFromIt() throws Exception {
		Path v2 = SampleJars.withBuild("v2", temp.resolve("v2.jar"));
		assertThat(supervisor.client().get("/hello").build()).isEqualTo("v1");
		Files.move(v2, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(supervisor.client().get("/hello").build()));
		RunningSample.sleep(2000);
		JsonNode status = supervisor.status();
		assertThat(status.get("currentGeneration").asInt()).isEqualTo(3);
		assertThat(status.get("lastReload").get("trigger").asText()).isEqualTo("FILE");
		assertThat(supervisor.log()).contains("Reload requested by a file change: " + jar.getFileName() + " changed");
	}

	/**
	 * Compares the supervisor after the 2nd and the 6th reload of the loop, with a tolerance
	 * of 2 threads and 2 descriptors: a leak of one per reload shows.
	 */
	@Test
	@Order(3)
	void reloadsInARowLeaveOneWorkerAndNoGrowthInTheSupervisor() throws Exception {
		long[] early = null;
		for (int i = 1; i <= 6; i++) {
			Answer reload = supervisor.client().reload("");
			assertThat(reload.status()).as(reload.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.liveWorkers().size() == 1);
			if (i == 2) {
				early = resources(supervisor.pid());
			}
		}
		long[] late = resources(supervisor.pid());
		System.out.printf("Supervisor after 2 and 6 process reloads: threads %d -> %d, descriptors %d -> %d,"
				+ " RSS %d -> %d kB%n", early[0], late[0], early[1], late[1], early[2], late[2]);
		// The supervisor publishes its view once it has seen the exit the process table shows.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(supervisor.status().get("workers")).hasSize(1));
		assertThat(late[0]).isLessThanOrEqualTo(early[0] + 2);
		assertThat(late[1]).isLessThanOrEqualTo(early[1] + 2);
		try (Stream<Path> left = Files.list(tmp)) {
			assertThat(left.filter((path) -> path.getFileName().toString().startsWith("hotreload-"
					+ supervisor.pid() + "-"))
				.flatMap(ProcessReloadSeriesIT::children)
				.filter((path) -> path.getFileName().toString().startsWith("generation-"))).hasSize(1);
		}
	}

	private static int niceOf(Path stat) {
		try {
			return StartPriority.niceOf(stat);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Stream<Path> children(Path directory) {
		try {
			return Files.list(directory).toList().stream();
		}
		catch (IOException ex) {
			return Stream.empty();
		}
	}

	/** Threads, open descriptors and resident memory (kB) of a process, from /proc. */
	private static long[] resources(long pid) throws IOException {
		long threads = 0;
		long rss = 0;
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("Threads:")) {
				threads = Long.parseLong(line.replaceAll("\\D", ""));
			}
			if (line.startsWith("VmRSS:")) {
				rss = Long.parseLong(line.replaceAll("\\D", ""));
			}
		}
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			return new long[] { threads, descriptors.count(), rss };
		}
	}

}
