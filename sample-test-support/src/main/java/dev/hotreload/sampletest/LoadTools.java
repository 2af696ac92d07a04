package dev.hotreload.sampletest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load tools the reload tests drive, Debian's {@code wrk}, {@code hey} and
 * {@code h2load} (installed by the project's own script when missing), and what their
 * reports say.
 */
public final class LoadTools {

	/** The project's script that installs the tools from Debian's packages when missing. */
	public static final Path INSTALL_SCRIPT = Path.of("..", "benchmarks", "install-load-tools.sh")
		.toAbsolutePath()
		.normalize();

	private LoadTools() {
	}

	/**
	 * Installs the tools when missing (the script asks apt-get for what is not on the path).
	 * @throws IOException if the script cannot run
	 * @throws InterruptedException if interrupted while it runs
	 */
	public static void install() throws IOException, InterruptedException {
		install(INSTALL_SCRIPT);
	}

	/**
	 * The same with the script where a caller outside a module directory finds it.
	 * @param script the project's install script
	 * @throws IOException if the script cannot run
	 * @throws InterruptedException if interrupted while it runs
	 */
	public static void install(Path script) throws IOException, InterruptedException {
		Process install = new ProcessBuilder("bash", script.toString()).inheritIO().start();
		if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
			install.destroyForcibly();
			throw new IllegalStateException("Could not install the load tools with " + script);
		}
	}

	/** Starts a tool at a lower priority ({@link LoadPriority}), its output (both streams) going to a file. */
	public static Process start(List<String> command, Path output) throws IOException {
		return new ProcessBuilder(LoadPriority.command(command)).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
	}

	/**
	 * Asks a running tool to stop and report, as Ctrl-C does ({@code wrk} and {@code hey}
	 * print their summary on SIGINT), and returns its report.
	 */
	public static String interruptAndReport(Process process, Path output) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
		return awaitReport(process, output, Duration.ofSeconds(60));
	}

	public static String awaitReport(Process process, Path output, Duration timeout)
			throws IOException, InterruptedException {
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Load tool did not end: " + Files.readString(output));
		}
		return Files.readString(output);
	}

	/**
	 * h2load's summary: its {@code requests:} and {@code status codes:} lines, and how many
	 * clients gave up their remaining requests ({@code Process Request Failure}: h2load
	 * reports that when it cannot submit a request, as after a GOAWAY).
	 */
	public record H2load(long total, long started, long done, long succeeded, long failed, long errored, long timeout,
			long status2xx, long status3xx, long status4xx, long status5xx, int clientsGivingUp, String protocol,
			String report) {

		private static final Pattern REQUESTS = Pattern.compile(
				"requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");

		private static final Pattern STATUS = Pattern
			.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

		private static final Pattern PROTOCOL = Pattern.compile("Application protocol: (\\S+)");

		public static H2load parse(String report) {
			Matcher requests = find(REQUESTS, report);
			Matcher status = find(STATUS, report);
			Matcher protocol = PROTOCOL.matcher(report);
			return new H2load(number(requests, 1), number(requests, 2), number(requests, 3), number(requests, 4),
					number(requests, 5), number(requests, 6), number(requests, 7), number(status, 1),
					number(status, 2), number(status, 3), number(status, 4),
					(int) report.lines().filter((line) -> line.startsWith("Process Request Failure")).count(),
					protocol.find() ? protocol.group(1) : null, report);
		}

		/** Requests h2load never sent: a client that gave up stops submitting. */
		public long neverStarted() {
			return this.total - this.started;
		}

	}

	/**
	 * wrk's summary: it prints {@code Socket errors} and {@code Non-2xx or 3xx responses}
	 * only when there are some.
	 */
	public record Wrk(long requests, long socketErrors, long non2xxOr3xx, String report) {

		private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

		private static final Pattern SOCKET_ERRORS = Pattern
			.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

		private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

		public static Wrk parse(String report) {
			Matcher requests = find(REQUESTS, report);
			Matcher errors = SOCKET_ERRORS.matcher(report);
			long socketErrors = 0;
			if (errors.find()) {
				for (int i = 1; i <= 4; i++) {
					socketErrors += Long.parseLong(errors.group(i));
				}
			}
			Matcher non2xx = NON_2XX.matcher(report);
			return new Wrk(number(requests, 1), socketErrors, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
					report);
		}

	}

	/**
	 * hey's summary: its status code distribution and its error distribution (the latter
	 * empty when nothing failed).
	 */
	public record Hey(Map<Integer, Long> statusCodes, long errors, String report) {

		private static final Pattern STATUS_LINE = Pattern.compile("^\\s*\\[(\\d+)\\]\\s+(\\d+) responses$",
				Pattern.MULTILINE);

		private static final Pattern ERROR_LINE = Pattern.compile("^\\s*\\[(\\d+)\\]\\s+(?!\\d+ responses$).+$",
				Pattern.MULTILINE);

		public static Hey parse(String report) {
			int statusStart = report.indexOf("Status code distribution:");
			if (statusStart < 0) {
				throw new IllegalStateException("Not a hey report: " + report);
			}
			int errorStart = report.indexOf("Error distribution:");
			String statusSection = report.substring(statusStart, (errorStart < 0) ? report.length() : errorStart);
			Map<Integer, Long> codes = new LinkedHashMap<>();
			Matcher status = STATUS_LINE.matcher(statusSection);
			while (status.find()) {
				codes.merge(Integer.parseInt(status.group(1)), Long.parseLong(status.group(2)), Long::sum);
			}
			long errors = 0;
			if (errorStart >= 0) {
				Matcher error = ERROR_LINE.matcher(report.substring(errorStart));
				while (error.find()) {
					errors += Long.parseLong(error.group(1));
				}
			}
			return new Hey(codes, errors, report);
		}

		public long responses() {
			return this.statusCodes.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	private static Matcher find(Pattern pattern, String report) {
		Matcher matcher = pattern.matcher(report);
		if (!matcher.find()) {
			throw new IllegalStateException("No '" + pattern + "' in: " + report);
		}
		return matcher;
	}

	private static long number(Matcher matcher, int group) {
		return Long.parseLong(matcher.group(group));
	}

}
