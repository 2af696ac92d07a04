package dev.hotreload.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.ClassDataArchives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode started the other ways users start it (a class path and main class, as an
 * IDE or {@code spring-boot:run} does; a socket handed over by systemd), first workers that
 * fail or are slow, a late new worker, and workers that keep dying. Each needs a supervisor
 * of its own; a series of reloads on one supervisor is {@link ProcessReloadSeriesIT}.
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
	void buildingTheClassDataArchiveAloneNeedsAnExecutableJar() throws Exception {
		List<String> launch = List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName());
		try (SupervisorProcess build = SupervisorProcess.start(launch, this.temp, RunningSampleClient.freePort(),
				"--hotreload.process.class-data-sharing.build-only=true")) {
			assertThat(build.waitFor(Duration.ofSeconds(60))).isTrue();
			assertThat(build.process().exitValue()).isEqualTo(1);
			assertThat(build.log()).contains("hotreload.process.class-data-sharing.build-only needs an executable jar")
				.doesNotContain("Started worker");
		}
	}

	@Test
	void servesTheListeningSocketItInheritsOnStandardInput() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		int port = RunningSampleClient.freePort();
		List<String> activator = List.of(ClassDataArchives.java(), "-cp", System.getProperty("java.class.path"),
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

	/**
	 * One supervisor for both sides of the reload timeout: a first worker slower than it is
	 * waited for, since none serves; a later one is stopped at it while the serving one
	 * serves on.
	 */
	@Test
	void aSlowWorkerIsWaitedForWhenNoneServesAndStoppedAtTheTimeoutWhenOneDoes() throws Exception {
		Path jar = SampleJars.withPackagedProperty("slow", "sample.startup-delay=8s", this.temp.resolve("app.jar"));
		Path slower = SampleJars.withPackagedProperty("slower", "sample.startup-delay=300s",
				this.temp.resolve("slower.jar"));
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(jar, RunningSampleClient.freePort(), "--hotreload.reload-timeout=3s")
			.awaitServing()) {
			assertThat(supervisor.log()).contains("is not ready within PT3S; no worker serves, so it is waited for");
			assertThat(supervisor.client().get("/hello").status()).isEqualTo(200);

			long serving = supervisor.workerPids().get(0);
			Files.move(slower, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			Answer late = supervisor.client().reload("");
			assertThat(late.status()).isEqualTo(503);
			assertThat(late.body()).contains("\"outcome\":\"TIMEOUT\"", "was not ready within PT3S");
			assertThat(supervisor.client().get("/hello").build()).isEqualTo("slow");
			await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.liveWorkers().size() == 1);
			// The status hears of the late worker's exit a moment after the process is gone.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(supervisor.workerPids()).containsExactly(serving));
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

}
