package dev.hotreload.sample;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sample.RunningSampleClient.Answer;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode under systemd's socket activation the {@code .socket} unit way
 * ({@code LISTEN_FDS}), run by {@code systemd-socket-activate} (Debian's {@code systemd}
 * package; it needs no systemd as PID 1): it binds the socket, waits for the first
 * connection, then execs the supervisor's JVM in its own process with the socket on
 * descriptor 3 and {@code LISTEN_PID} its pid. The supervisor serves that socket, swaps
 * workers under load without an error, and refuses two sockets with a clear message.
 */
class SystemdSocketActivationIT {

	private static final String ACTIVATOR = "systemd-socket-activate";

	@TempDir
	Path temp;

	@BeforeAll
	static void installSystemdSocketActivate() throws Exception {
		PrometheusServer.run(List.of("bash", LoadTools.INSTALL_SCRIPT.resolveSibling("install-packages.sh").toString(),
				ACTIVATOR + "=systemd"), Duration.ofMinutes(10));
	}

	@Test
	void servesTheSocketSystemdPassesAndSwapsWorkersUnderLoadWithoutAnError() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		int port = RunningSampleClient.freePort();
		List<String> activator = List.of(ACTIVATOR, "--listen=127.0.0.1:" + port, "--fdname=web");
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(activator, List.of("-jar", jar.toString()), this.temp, port)) {
			activate(supervisor, port);
			supervisor.awaitServing();
			assertThat(supervisor.log()).contains("inherited the listening socket",
					"from systemd (LISTEN_FDS, descriptor 3, named web)");
			// The activator exec'd the JVM in its own process: LISTEN_PID was the supervisor's pid.
			assertThat(supervisor.status().get("supervisor").get("pid").asLong()).isEqualTo(supervisor.pid());
			long first = supervisor.workerPids().get(0);
			assertThat(environment(first)).noneMatch((variable) -> variable.startsWith("LISTEN_"));
			// Keep-alive, new-connection and slow clients, few enough to leave a new worker's JVM
			// the CPU to start (2 cores here).
			LoadGenerator load = new LoadGenerator(port, 1, 1, 2, 700);
			try {
				RunningSample.sleep(1000);
				for (int i = 0; i < 2; i++) {
					Answer reload = supervisor.client().reload("");
					assertThat(reload.status()).as(reload.body()).isEqualTo(200);
					await().atMost(Duration.ofSeconds(40)).until(() -> supervisor.workerPids().size() == 1);
				}
				RunningSample.sleep(1000);
			}
			finally {
				load.close();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(load.succeeded()).isPositive();
			assertThat(supervisor.status().get("currentGeneration").asInt()).isEqualTo(3);
			assertThat(supervisor.workerPids()).doesNotContain(first);
			assertThat(supervisor.client().get("/hello").body()).isEqualTo("Hello from generation 3\n");
		}
	}

	@Test
	void twoPassedSocketsAreRefusedWithAClearMessage() throws Exception {
		Path jar = SampleJars.copyTo(this.temp);
		int port = RunningSampleClient.freePort();
		int other = RunningSampleClient.freePort();
		List<String> activator = List.of(ACTIVATOR, "--listen=127.0.0.1:" + port, "--listen=127.0.0.1:" + other,
				"--fdname=web:admin");
		try (SupervisorProcess supervisor = SupervisorProcess
			.start(activator, List.of("-jar", jar.toString()), this.temp, port)) {
			activate(supervisor, port);
			assertThat(supervisor.waitFor(Duration.ofSeconds(60))).as(supervisor.log()).isTrue();
			assertThat(supervisor.process().exitValue()).isEqualTo(1);
			assertThat(supervisor.log()).contains(
					"systemd passed 2 sockets (LISTEN_FDS=2, LISTEN_FDNAMES=web:admin), but a hotreload supervisor"
							+ " serves exactly one")
				.doesNotContain("Started worker");
		}
	}

	/**
	 * Connects once, which makes the activator exec the command; the connection waits in
	 * the accept queue until a worker takes it.
	 */
	private static void activate(SupervisorProcess supervisor, int port) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
			if (!supervisor.process().isAlive()) {
				throw new IllegalStateException("The activator exited:\n" + supervisor.log());
			}
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return true;
			}
		});
	}

	private static List<String> environment(long pid) throws IOException {
		return List.of(Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8).split("\0"));
	}

}
