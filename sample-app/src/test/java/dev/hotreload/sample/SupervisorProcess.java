package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.ClassDataArchives;
import dev.hotreload.sampletest.SampleSupervisor;

import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar app.jar --hotreload.mode=process} in a real JVM of its own: the
 * supervisor, its workers, its log, and the signals an operator sends it.
 */
final class SupervisorProcess implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Supervisors not closed yet: killed when the test JVM exits, should a test end it
	 * before its close (an error in an {@code @AfterAll}); their workers follow them.
	 */
	private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
	}

	private final Process process;

	private final Path log;

	private final int port;

	private final RunningSampleClient client;

	private SupervisorProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.client = new RunningSampleClient(port);
	}

	/** {@code java -jar} the given jar in process mode. */
	static SupervisorProcess start(Path jar, int port, String... args) throws IOException {
		return start(List.of("-jar", jar.toString()), jar.getParent(), port, args);
	}

	/**
	 * {@code java} with the given launch arguments (a jar, or a class path and main class)
	 * in process mode.
	 */
	static SupervisorProcess start(List<String> launch, Path directory, int port, String... args)
			throws IOException {
		return start(List.of(), launch, directory, port, args);
	}

	/** The same, started by a wrapper command (a socket activator, say). */
	static SupervisorProcess start(List<String> wrapper, List<String> launch, Path directory, int port,
			String... args) throws IOException {
		buildClassDataArchive();
		Path log = directory.resolve("supervisor-" + System.nanoTime() + ".log");
		List<String> command = new ArrayList<>(wrapper);
		command.add(ClassDataArchives.java());
		command.addAll(SampleSupervisor.JVM_OPTIONS);
		command.addAll(launch);
		command.addAll(List.of("--hotreload.mode=process", "--server.port=" + port,
				"--logging.level.dev.hotreload=DEBUG"));
		// A property given twice on the command line reads as both values joined: a test's own wins.
		if (Arrays.stream(args).noneMatch((arg) -> arg.startsWith("--hotreload.drain-timeout="))) {
			command.add("--hotreload.drain-timeout=10s");
		}
		// Two test forks share two cores: a new worker at a lower priority would wait for the
		// other fork's test (up to half the reload timeout). ProcessModeLaunchIT tests the default.
		if (Arrays.stream(args).noneMatch((arg) -> arg.startsWith("--hotreload.process.start-nice="))) {
			command.add("--hotreload.process.start-nice=0");
		}
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		RUNNING.add(process);
		return new SupervisorProcess(process, log, port);
	}

	/**
	 * Builds the class data archive the supervisors' workers start with, once per test JVM
	 * before its first supervisor ({@link ClassDataArchives});
	 * {@link ProcessClassDataSharingIT} tests the background build in a directory of its own.
	 */
	static void buildClassDataArchive() throws IOException {
		ClassDataArchives.buildOnce(SampleJars.packaged(), SampleSupervisor.JVM_OPTIONS);
	}

	/**
	 * Waits until the supervisor serves, or fails as soon as it exits (its first worker
	 * exited). The supervisor waits for its first worker as long as it starts, since none
	 * serves yet; the bound here is for a start that hangs.
	 */
	SupervisorProcess awaitServing() {
		return awaitServing(Duration.ofMinutes(3));
	}

	/** Waits for the first worker; kills the supervisor and its workers if it never serves. */
	SupervisorProcess awaitServing(Duration bound) {
		try {
			await().atMost(bound)
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptionsInstanceOf(UncheckedIOException.class)
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException("The supervisor exited:\n" + log());
					}
					return this.client.get("/hello").status() == 200;
				});
		}
		catch (RuntimeException ex) {
			try {
				close();
			}
			catch (Exception closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
		return this;
	}

	long pid() {
		return this.process.pid();
	}

	int port() {
		return this.port;
	}

	Process process() {
		return this.process;
	}

	RunningSampleClient client() {
		return this.client;
	}

	JsonNode status() {
		return json.readTree(this.client.get("/actuator/reload").body());
	}

	/** Each worker of the status as {@code generation:STATE}, oldest first. */
	List<String> workerStates() {
		List<String> states = new ArrayList<>();
		status().get("workers")
			.forEach((worker) -> states.add(worker.get("generation").asInt() + ":" + worker.get("state").asText()));
		return states;
	}

	List<Long> workerPids() {
		List<Long> pids = new ArrayList<>();
		status().get("workers").forEach((worker) -> pids.add(worker.get("pid").asLong()));
		return pids;
	}

	/** The JVMs this supervisor started that are still alive. */
	List<ProcessHandle> liveWorkers() {
		return this.process.descendants()
			.filter(ProcessHandle::isAlive)
			.filter((handle) -> !isArchiveBuild(handle))
			.toList();
	}

	// The JVMs that build a class data sharing archive in the background are no workers.
	private static boolean isArchiveBuild(ProcessHandle handle) {
		String commandLine = handle.info().commandLine().orElse("");
		return commandLine.contains("-XX:DumpLoadedClassList=") || commandLine.contains("-Xshare:dump")
				|| commandLine.startsWith("/usr/bin/nice")
				|| commandLine.startsWith("/bin/nice");
	}

	void signal(String signal) throws IOException, InterruptedException {
		kill(signal, this.process.pid());
	}

	static void kill(String signal, long pid) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** The lines of the log that a process of this supervisor wrote: its pid is in each. */
	List<String> logOf(long pid) {
		String marker = " " + pid + " --- ";
		return log().lines().filter((line) -> line.contains(marker)).toList();
	}

	boolean waitFor(Duration bound) throws InterruptedException {
		return this.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
	}

	static boolean isRefused(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Kills what is left, workers included, whatever the test did. */
	@Override
	public void close() throws Exception {
		List<ProcessHandle> left = this.process.descendants().toList();
		this.process.destroyForcibly();
		left.forEach(ProcessHandle::destroyForcibly);
		RUNNING.remove(this.process);
		this.client.close();
		// What the supervisor and its workers said, for whoever reads a failed run: the end
		// of the log only, whatever its size.
		System.out.println("--- supervisor log (last 150 lines) ---");
		List<String> lines = tail(this.log, 64 * 1024).lines().toList();
		lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
	}

	private static String tail(Path file, int bytes) throws IOException {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
			long start = Math.max(0, channel.size() - bytes);
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (channel.size() - start));
			channel.read(buffer, start);
			return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

}
