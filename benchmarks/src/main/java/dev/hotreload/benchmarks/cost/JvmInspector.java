package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into another JVM from outside, with {@code jcmd} and {@code /proc}, the way an
 * operator would: nothing in the sample is instrumented for the benchmark.
 */
final class JvmInspector {

	/**
	 * The context classes of a generation: of a servlet web application (the Tomcat and
	 * Jetty samples) and of a reactive one (the WebFlux sample).
	 */
	static final List<String> CONTEXT_CLASSES = List.of(
			"org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext",
			"org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext");

	private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

	// " garbage-first heap   total 262144K, used 45678K [...]"
	private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

	// " Metaspace       used 61234K, committed ..."
	private static final Pattern METASPACE_USED = Pattern.compile("Metaspace\\s+used (\\d+)K");

	// "   5:          2          336  org.example.Type"
	private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)");

	private final long pid;

	private static final int SETTLE_TRIES = 15;

	private static final Duration SETTLE_PAUSE = Duration.ofSeconds(1);

	private final String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

	JvmInspector(long pid) {
		this.pid = pid;
	}

	/**
	 * Collects garbage in the JVM, then reads what is left.
	 * @return the snapshot
	 * @throws IOException if {@code jcmd} or {@code /proc} cannot be read
	 * @throws InterruptedException if interrupted while {@code jcmd} runs
	 */
	JvmSnapshot snapshotAfterGc() throws IOException, InterruptedException {
		// The histogram collects itself, so it sees only reachable contexts. Objects that
		// wait for a finalizer or a cleaner take a few collections to go: read until the
		// count holds still.
		long contexts = instances(jcmd("GC.class_histogram"), CONTEXT_CLASSES);
		for (int settled = 0, tries = 0; settled < 2 && tries < SETTLE_TRIES; tries++) {
			Thread.sleep(SETTLE_PAUSE.toMillis());
			long again = instances(jcmd("GC.class_histogram"), CONTEXT_CLASSES);
			settled = (again == contexts) ? settled + 1 : 0;
			contexts = again;
		}
		String heapInfo = jcmd("GC.heap_info");
		int javaThreads = (int) jcmd("Thread.print").lines().filter((line) -> line.startsWith("\"")).count();
		String status = Files.readString(Path.of("/proc", Long.toString(this.pid), "status"));
		return new JvmSnapshot(contexts, javaThreads, (int) procValue(status, "Threads"),
				kilobytes(HEAP_USED, heapInfo) * 1024, kilobytes(METASPACE_USED, heapInfo) * 1024,
				procValue(status, "VmRSS") * 1024);
	}

	private String jcmd(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.jcmd, Long.toString(this.pid), command).redirectErrorStream(true)
			.start();
		// Read before waiting: a full pipe would block jcmd.
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IOException("jcmd " + command + " did not end within " + JCMD_TIMEOUT);
		}
		if (process.exitValue() != 0) {
			throw new IOException("jcmd " + this.pid + " " + command + " exited with " + process.exitValue() + ": "
					+ output.strip());
		}
		return output;
	}

	static long instances(String histogram, List<String> classNames) {
		return histogram.lines()
			.map(HISTOGRAM_ROW::matcher)
			.filter((row) -> row.find() && classNames.contains(row.group(2)))
			.mapToLong((row) -> Long.parseLong(row.group(1)))
			.sum();
	}

	private static long kilobytes(Pattern pattern, String text) throws IOException {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IOException("No match for " + pattern + " in:\n" + text);
		}
		return Long.parseLong(matcher.group(1));
	}

	// "/proc/<pid>/status" lines such as "VmRSS:	  123456 kB" and "Threads:	42".
	private static long procValue(String status, String key) throws IOException {
		List<String> matching = status.lines().filter((line) -> line.startsWith(key + ":")).toList();
		if (matching.isEmpty()) {
			throw new IOException("No " + key + " in /proc status");
		}
		return Long.parseLong(matching.get(0).substring(key.length() + 1).replace("kB", "").strip());
	}

}
