package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.hotreload.process.startup.StartPriority;
import dev.hotreload.sample.RunningSampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode started the other ways users start it (a class path and main class, as an
 * IDE or {@code spring-boot:run} does; a socket handed over by systemd), workers that keep
 * dying, and many reloads in a row.
 */
class ProcessModeLaunchIT {

	@TempDir
	Path temp;

	@Test
	void classPathLaunchReloadsIntoANewWorker() throws Exception {
		List<String> launch = List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName());
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(launch, this.temp, RunningSampleClient.freePort())
			.awaitServing()) {
			long first = supervisor.workerPids().get(0);
			// The supervisor's JVM options, plus an exit on OutOfMemoryError so that it can replace the worker.
			assertThat(Files.readString(Path.of("/proc/" + first + "/cmdline")).split("\0")).contains("-Xmx256m",
					"-XX:+ExitOnOutOfMemoryError", SampleApplication.class.getName(), "--hotreload.mode=process");
			Answer reload = supervisor.client().reload("/process");
			assertThat(reload.status()).as(reload.body()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.workerPids().size() == 1);
			assertThat(supervisor.workerPids()).doesNotContain(first);
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hello from generation 2\n");
			assertThat(supervisor.log()).contains("workers run main class " + SampleApplication.class.getName());
		}
	}

	@Test
	void aNewJarMovedOverTheWatchedOneStartsOneWorkerFromIt() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path v2 = SampleJars.withBuild("v2", this.temp.resolve("v2.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.watch.application-jar=true")
			.awaitServing()) {
			assertThat(supervisor.client().get("/hello").build()).isEqualTo("v1");
			Files.move(v2, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(supervisor.client().get("/hello").build()));
			RunningSample.sleep(2000);
			JsonNode status = supervisor.status();
			assertThat(status.get("currentGeneration").asInt()).isEqualTo(2);
			assertThat(status.get("lastReload").get("trigger").asText()).isEqualTo("FILE");
			assertThat(supervisor.log()).contains("Reload requested by a file change: " + jar.getFileName() + " changed");
		}
	}

	@Test
	void servesTheListeningSocketItInheritsOnStandardInput() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		int port = RunningSampleClient.freePort();
		List<String> activator = List.of(SupervisorProcess.java(), "-cp", System.getProperty("java.class.path"),
				SocketActivation.class.getName(), Integer.toString(port));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(activator, List.of("-jar", jar.toString()), this.temp, port)
			.awaitServing()) {
			assertThat(supervisor.log()).contains("inherited the listening socket");
			Answer reload = supervisor.client().reload("");
			assertThat(reload.status()).as(reload.body()).isEqualTo(200);
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hello from generation 2\n");
		}
	}

	@Test
	void aFirstWorkerThatFailsEndsTheSupervisorWithItsCause() throws Exception {
		Path jar = SampleJars.failingAtStartup("v3", this.temp.resolve("app.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort())) {
			assertThat(supervisor.waitFor(Duration.ofSeconds(60))).isTrue();
			assertThat(supervisor.process().exitValue()).isEqualTo(1);
			assertThat(supervisor.log()).contains("The first worker did not start", "exited with code 1",
					"Context path must start with '/'");
			assertThat(SupervisorProcess.isRefused(supervisor.port())).isTrue();
		}
	}

	@Test
	void aWorkerThatIsNotReadyInTimeIsStoppedWhileTheServingOneServes() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path slow = SampleJars.withPackagedProperty("slow", "sample.startup-delay=300s", this.temp.resolve("slow.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.reload-timeout=20s")
			.awaitServing()) {
			long serving = supervisor.workerPids().get(0);
			Files.move(slow, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			Answer late = supervisor.client().reload("");
			assertThat(late.status()).isEqualTo(503);
			assertThat(late.body()).contains("\"outcome\":\"TIMEOUT\"", "was not ready within PT20S");
			assertThat(supervisor.client().get("/hello").build()).isEqualTo("v1");
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.liveWorkers().size() == 1);
			// The status hears of the late worker's exit a moment after the process is gone.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(supervisor.workerPids()).containsExactly(serving));
		}
	}

	@Test
	void aFirstWorkerSlowerThanTheReloadTimeoutIsWaitedForSinceNoneServes() throws Exception {
		Path jar = SampleJars.withPackagedProperty("slow", "sample.startup-delay=8s", this.temp.resolve("app.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.reload-timeout=3s")
			.awaitServing()) {
			assertThat(supervisor.log()).contains("is not ready within PT3S; no worker serves, so it is waited for");
			assertThat(supervisor.client().get("/hello").status()).isEqualTo(200);
		}
	}

	/** Also at the default start priority: lower while it starts, the supervisor's once it serves. */
	@Test
	void aNewWorkerWarmsItselfUpBeforeItTakesOverAndLeavesNoConnectionOpen() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.warm-up.requests=200",
					"--hotreload.warm-up.path=/hello", "--hotreload.process.start-nice=10")
			.awaitServing()) {
			// A worker's lines reach the log through the supervisor, a moment after its own.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(supervisor.log())
					.contains("Warmed up generation 1 with 200 requests to /hello", "(statuses {200=200})"));
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
	}

	@Test
	void replacementsThatKeepDyingBackOffWhileConnectionsWaitInTheBacklog() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		Path failing = SampleJars.failingAtStartup("v3", this.temp.resolve("v3.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess.start(jar, RunningSampleClient.freePort()).awaitServing()) {
			long serving = supervisor.workerPids().get(0);
			Files.copy(failing, jar, StandardCopyOption.REPLACE_EXISTING);
			SupervisorProcess.kill("KILL", serving);
			// Nothing serves now: this request waits in the accept queue.
			CompletableFuture<Answer> waiting = CompletableFuture.supplyAsync(() -> {
				RunningSample.sleep(1000);
				return supervisor.client().get("/hello");
			});
			await().atMost(Duration.ofSeconds(90)).until(() -> supervisor.log().contains("(attempt 3 in a row)"));
			assertThat(supervisor.log()).contains("Starting a replacement in 500 ms (attempt 2 in a row)",
					"Starting a replacement in 1000 ms (attempt 3 in a row)");
			Files.copy(SampleJars.packaged(), this.temp.resolve("good.jar"));
			Files.move(this.temp.resolve("good.jar"), jar, StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			Answer answer = waiting.get(120, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.build()).isEqualTo("v1");
		}
	}

	@Test
	void tenProcessReloadsLeaveOneWorkerAndNoGrowthInTheSupervisor() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		// A temp directory of its own: the shared one may hold directories another run left.
		// The class data archives stay in the shared cache, as they would without that, so
		// that these workers use the one the other tests' supervisors built.
		Path tmp = Files.createDirectories(this.temp.resolve("tmp"));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(List.of("-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()), this.temp, RunningSampleClient.freePort(),
					"--hotreload.process.class-data-sharing.directory="
							+ Path.of(System.getProperty("java.io.tmpdir"), "hotreload-cds"))
			.awaitServing()) {
			long[] early = null;
			for (int i = 1; i <= 10; i++) {
				Answer reload = supervisor.client().reload("");
				assertThat(reload.status()).as(reload.body()).isEqualTo(200);
				await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.liveWorkers().size() == 1);
				if (i == 2) {
					early = resources(supervisor.pid());
				}
			}
			long[] late = resources(supervisor.pid());
			System.out.printf("Supervisor after 2 and 10 process reloads: threads %d -> %d, descriptors %d -> %d,"
					+ " RSS %d -> %d kB%n", early[0], late[0], early[1], late[1], early[2], late[2]);
			assertThat(supervisor.status().get("workers")).hasSize(1);
			assertThat(late[0]).isLessThanOrEqualTo(early[0] + 2);
			assertThat(late[1]).isLessThanOrEqualTo(early[1] + 2);
			try (Stream<Path> left = Files.list(tmp)) {
				assertThat(left.filter((path) -> path.getFileName().toString().startsWith("hotreload-"
						+ supervisor.pid() + "-"))
					.flatMap(ProcessModeLaunchIT::children)
					.filter((path) -> path.getFileName().toString().startsWith("generation-"))).hasSize(1);
			}
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
