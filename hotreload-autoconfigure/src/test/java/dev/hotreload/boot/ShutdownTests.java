package dev.hotreload.boot;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a real JVM running an application: it exits cleanly and in bounded time,
 * during a reload too, and stops accepting first.
 */
class ShutdownTests {

	private static final Duration EXIT_BOUND = Duration.ofSeconds(20);

	@TempDir
	Path temp;

	private Process process;

	@AfterEach
	void killLeftovers() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void sigtermExitsCleanly() throws Exception {
		Path log = start(0);
		int port = awaitPort(log);
		try (TestHttp http = new TestHttp(port)) {
			awaitServing(http);
			long begin = System.nanoTime();
			this.process.destroy();
			assertThat(this.process.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(EXIT_BOUND);
		}
		assertThat(Files.readString(log)).contains("Shutting down: no longer accepting connections")
			.contains("Graceful shutdown complete")
			.doesNotContain("Exception");
		assertRefused(port);
	}

	@Test
	void sigtermDuringAReloadExitsCleanlyInBoundedTime() throws Exception {
		Path log = start(4000);
		int port = awaitPort(log);
		try (TestHttp http = new TestHttp(port)) {
			awaitServing(http);
			CompletableFuture<TestHttp.Response> reload = CompletableFuture
				.supplyAsync(() -> http.send("POST", "/actuator/reload"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> http.send("GET", "/actuator/reload").body().contains("\"reloadInProgress\":true"));
			long begin = System.nanoTime();
			this.process.destroy();
			assertThat(this.process.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(EXIT_BOUND);
			// The reload's caller is answered, not cut off: the shutdown rejected the reload.
			TestHttp.Response response = reload.get(5, TimeUnit.SECONDS);
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.body()).contains("\"outcome\":\"REJECTED\"", "shutting down during this reload");
		}
		String output = Files.readString(log);
		assertThat(output).contains("Reload started: starting generation 2")
			.contains("Shutting down: no longer accepting connections")
			.doesNotContain("Switched to generation 2");
		assertRefused(port);
	}

	@Test
	void sigtermWhileAGenerationDrainsLetsItsRequestFinish() throws Exception {
		Path log = start(0);
		int port = awaitPort(log);
		try (TestHttp http = new TestHttp(port)) {
			awaitServing(http);
			// Answered once the test opens the gate, after SIGTERM: generation 1 still drains
			// it then, however long the reload took.
			Path gate = this.temp.resolve("gate");
			CompletableFuture<TestHttp.Response> slow = CompletableFuture
				.supplyAsync(() -> http.send("GET", "/generation?gate=" + gate));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> http.send("GET", "/actuator/reload").body().contains("\"inFlightRequests\":2"));
			assertThat(http.send("POST", "/actuator/reload").status()).isEqualTo(200);
			assertThat(http.send("GET", "/actuator/reload").body()).contains("\"state\":\"DRAINING\"");
			long begin = System.nanoTime();
			this.process.destroy();
			// The gate opens once the shutdown has found generation 1 draining: opened at once,
			// the request could end and the drain finish on its own before the shutdown got
			// there (a CI run, r20: "Generation 1 drained in 35 ms" and no such line).
			await().atMost(EXIT_BOUND)
				.until(() -> Files.readString(log).contains("Generation 1 stops draining: the application shuts down"));
			Files.createFile(gate);
			// Generation 1 still answers the request it had when the JVM was told to stop.
			TestHttp.Response response = slow.get(20, TimeUnit.SECONDS);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("1");
			assertThat(this.process.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(EXIT_BOUND);
		}
		assertThat(Files.readString(log)).contains("Shutting down: no longer accepting connections")
			.contains("Generation 1 stops draining: the application shuts down");
		assertRefused(port);
	}

	/** Starts the application on a port the kernel picks when it binds: see {@link #awaitPort}. */
	private Path start(long startupDelayMillis, String... args) throws IOException {
		Path log = this.temp.resolve("app.log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		// C1 only and the serial collector, as the sample's tests start their JVMs: it lives for seconds.
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				SlowStartApplication.class.getName(), "--server.port=0",
				"--test.startup-delay=" + startupDelayMillis, "--management.endpoints.web.exposure.include=reload",
				"--management.endpoint.reload.access=unrestricted"));
		command.addAll(List.of(args));
		this.process = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return log;
	}

	@Test
	void sigtermDuringARollbackWindowClosesBothGenerations() throws Exception {
		Path log = start(0, "--hotreload.rollback.window=60s");
		int port = awaitPort(log);
		try (TestHttp http = new TestHttp(port)) {
			awaitServing(http);
			assertThat(http.send("POST", "/actuator/reload").status()).isEqualTo(200);
			assertThat(http.send("GET", "/actuator/reload").body()).contains("\"state\":\"STANDBY\"",
					"\"rollbackWindow\":{\"generation\":2,\"previousGeneration\":1");
			long begin = System.nanoTime();
			this.process.destroy();
			assertThat(this.process.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(EXIT_BOUND);
		}
		assertThat(Files.readString(log)).contains("Shutting down: no longer accepting connections")
			.contains("Rollback window of generation 2 ends early (the application shuts down); generation 1 drains")
			.doesNotContain("Exception");
		assertRefused(port);
	}

	/**
	 * The port the application listens on, from its log. Its own bind, not a port a test
	 * picked before: another process may take that one in between.
	 */
	private int awaitPort(Path log) {
		Pattern started = Pattern.compile(" started on port (\\d+)");
		// A JVM start: bounded for a start that hangs, not for a slow one on a busy machine.
		return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
			assertThat(this.process.isAlive()).as("the application runs; its log: %s", Files.readString(log)).isTrue();
			Matcher matcher = started.matcher(Files.readString(log));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
		}, Objects::nonNull);
	}

	private void awaitServing(TestHttp http) {
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).isTrue();
			return http.send("GET", "/generation").body().equals("1");
		});
	}

	private static void assertRefused(int port) {
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

}
