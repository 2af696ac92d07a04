package dev.hotreload.sampletest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.TestHttpClients;

import static org.awaitility.Awaitility.await;

/**
 * A sample's runnable jar started as {@code java -jar app.jar --hotreload.mode=process} in a
 * JVM of its own: the supervisor, its workers, its log (the workers write theirs there too)
 * and the signals an operator sends it. The sample JVMs run C1 only with the serial
 * collector: they live for seconds.
 */
public final class SampleSupervisor implements AutoCloseable {

	/** The header each sample names the generation that answered in. */
	private static final String GENERATION_HEADER = "X-App-Generation";

	/**
	 * Options of every sample JVM the tests start (workers inherit the supervisor's). C1
	 * only: these JVMs live for seconds, and C2's compiler threads compete with the start
	 * for the machine's cores (a sample start under CI load: 31 to 36 s with C2, 10 to 14 s
	 * with C1 only); the serial collector, whose start needs no worker threads. The
	 * benchmarks keep the JVM's defaults.
	 */
	public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path log;

	private final int port;

	private final CloseableHttpClient client = TestHttpClients.client(true);

	private SampleSupervisor(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * The runnable jar Maven packaged before the integration tests.
	 * @param module the sample's module, which names the jar
	 * @return the jar
	 */
	public static Path packagedJar(String module) {
		Path jar = Paths.get(System.getProperty("sample.jar", "target/" + module + "-0.1.0-SNAPSHOT-exec.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No runnable sample jar at " + jar + "; run ./mvnw -B verify");
		}
		return jar;
	}

	/**
	 * Starts a supervisor of the jar on a free port.
	 * @param jar the runnable jar
	 * @param jvmOptions options of the supervisor's JVM, which its workers get too
	 * @param args the application's arguments
	 * @return the supervisor, starting
	 * @throws IOException if it cannot be started
	 */
	public static SampleSupervisor start(Path jar, List<String> jvmOptions, String... args) throws IOException {
		List<String> options = new ArrayList<>(JVM_OPTIONS);
		options.addAll(jvmOptions);
		ClassDataArchives.buildOnce(jar, options);
		int port = freePort();
		Path log = jar.resolveSibling("supervisor.log");
		List<String> command = new ArrayList<>(List.of(ClassDataArchives.java()));
		command.addAll(options);
		command.addAll(List.of("-jar", jar.toString(), "--hotreload.mode=process", "--server.port=" + port,
				// Two test forks share two cores: a new worker at a lower priority would wait for the other.
				"--hotreload.process.start-nice=0"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(jar.getParent().toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new SampleSupervisor(process, log, port);
	}

	/**
	 * Waits until a worker serves, failing as soon as the supervisor exits. A supervisor
	 * that does not serve in time is stopped with its workers (its caller never gets it to
	 * close) before the failure is thrown.
	 */
	public SampleSupervisor awaitServing() throws IOException {
		try {
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("The supervisor exited:\n" + log());
				}
				return get("/hello").status() == 200;
			});
		}
		catch (RuntimeException | Error ex) {
			close();
			throw ex;
		}
		return this;
	}

	/**
	 * The generations whose worker ran with the class data archive, as the supervisor
	 * logged once each served.
	 */
	public Set<Integer> generationsWithTheClassDataArchive() throws IOException {
		Matcher matcher = Pattern
			.compile("\\(generation (\\d+)\\) runs with the class data archive")
			.matcher(log());
		Set<Integer> generations = new TreeSet<>();
		while (matcher.find()) {
			generations.add(Integer.valueOf(matcher.group(1)));
		}
		return generations;
	}

	public int port() {
		return this.port;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** A GET on a connection of its own. */
	public Answer get(String path) throws IOException {
		return this.client.execute(new HttpGet(url(path)), (response) -> {
			Header generation = response.getFirstHeader(GENERATION_HEADER);
			return new Answer(response.getCode(), EntityUtils.toString(response.getEntity()),
					(generation != null) ? generation.getValue() : null);
		});
	}

	public JsonNode status() throws IOException {
		return json.readTree(get("/actuator/reload").body());
	}

	public List<Long> workerPids() throws IOException {
		List<Long> pids = new ArrayList<>();
		status().get("workers").forEach((worker) -> pids.add(worker.get("pid").asLong()));
		return pids;
	}

	/** Waits until the given generation's worker has drained and exited. */
	public JsonNode awaitRetired(int generation) {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> workerPids().size() == 1
					&& status().path("lastDrain").path("generation").asInt() == generation);
		try {
			return status().get("lastDrain");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The supervisor's own threads and open descriptors, from {@code /proc}: compared after
	 * an early and a late reload of a series, a leak of one per reload shows.
	 */
	public Resources resources() throws IOException {
		long threads = Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))
			.stream()
			.filter((line) -> line.startsWith("Threads:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElseThrow();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(this.process.pid()), "fd"))) {
			return new Resources(threads, descriptors.count());
		}
	}

	/**
	 * The supervisor's worker JVMs still alive: its children only. A worker's own children
	 * are no workers: JNA runs {@code /sbin/ldconfig -p} the first time a JVM loads a
	 * library, and that child counts as alive (a zombie) until its JVM reaps it.
	 */
	public List<ProcessHandle> liveWorkers() {
		return this.process.children().filter(ProcessHandle::isAlive).toList();
	}

	public void signal(String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO().start().waitFor();
	}

	public boolean waitFor(Duration bound) throws InterruptedException {
		return this.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
	}

	public boolean isRefused() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
	}

	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/**
	 * A port free now, for the supervisor to bind, taken below the kernel's ephemeral
	 * range: a port from that range (what binding port 0 gives) can be taken by any
	 * outgoing connection on the machine before the supervisor binds it.
	 */
	static int freePort() throws IOException {
		// Read line by line: Files.readString got the first byte only of this /proc file here.
		String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
			.split("\\s+");
		int start = Integer.parseInt(range[0]);
		int end = Integer.parseInt(range[1]);
		// Below the range where there is room, else above it.
		int from = (start > 11_000) ? 10_000 : end + 1;
		int to = (start > 11_000) ? start : 65_536;
		for (int attempt = 0; attempt < 100 && from < to; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(from, to);
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// Taken: try another.
			}
		}
		// The range takes every port: the kernel's choice.
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Kills what is left, workers included, and prints the log's end for a failed run. */
	@Override
	public void close() throws IOException {
		List<String> lines = log().lines().filter((line) -> !line.contains("AccessLog")).toList();
		System.out.println("--- supervisor log (last 100 lines, access log left out) ---");
		lines.subList(Math.max(0, lines.size() - 100), lines.size()).forEach(System.out::println);
		List<ProcessHandle> left = this.process.descendants().toList();
		this.process.destroyForcibly();
		left.forEach(ProcessHandle::destroyForcibly);
		this.client.close();
	}

	/** A process's thread and open descriptor counts. */
	public record Resources(long threads, long descriptors) {

	}

	/**
	 * An answer: its status, body and the generation that gave it.
	 * @param status the status code
	 * @param body the body
	 * @param generation the generation's number from its header, or {@code null}
	 */
	public record Answer(int status, String body, String generation) {
	}

}
