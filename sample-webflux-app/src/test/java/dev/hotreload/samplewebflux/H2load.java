package dev.hotreload.samplewebflux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run of nghttp2's {@code h2load} over h2c (prior knowledge), at nice 10 so that the
 * reload under test gets the cores first, and what its report says. h2load stops a
 * client's submissions at a GOAWAY and counts the requests it never sent as failed, and
 * also, now and then on a loaded machine, one it had submitted when the GOAWAY came but
 * not yet written (nghttp2 then refuses to start it): so what the server answered is read
 * from its access log, which must hold exactly the requests h2load counts succeeded. The
 * tool comes from Debian's {@code nghttp2-client}, installed by the project's script when
 * missing. (sample-jetty-app's is the same but for the access log: test modules share no
 * code.)
 */
final class H2load {

	private static final Path INSTALL_SCRIPT = Path.of("..", "benchmarks", "install-load-tools.sh")
		.toAbsolutePath()
		.normalize();

	private static final Pattern REQUESTS = Pattern
		.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");

	private static final Pattern STATUS = Pattern.compile("status codes: (\\d+) 2xx");

	private static final Pattern PROTOCOL = Pattern.compile("Application protocol: (\\S+)");

	private final Process process;

	private final Path output;

	private H2load(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	static void install() throws IOException, InterruptedException {
		Process install = new ProcessBuilder("bash", INSTALL_SCRIPT.toString()).inheritIO().start();
		if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
			install.destroyForcibly();
			throw new IllegalStateException("Could not install the load tools with " + INSTALL_SCRIPT);
		}
	}

	/**
	 * Starts {@code requests} requests from {@code clients} clients, each with at most
	 * {@code streams} streams open and {@code rate} requests a second.
	 */
	static H2load start(Path output, String url, int requests, int clients, int streams, int rate)
			throws IOException {
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
			command.addAll(List.of("/usr/bin/nice", "-n", "10"));
		}
		command.addAll(List.of("h2load", "-n", Integer.toString(requests), "-c", Integer.toString(clients), "-m",
				Integer.toString(streams), "--rps", Integer.toString(rate), url));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		return new H2load(process, output);
	}

	/**
	 * The JVM option that turns Reactor Netty's access log on (Spring Boot has no property
	 * for it); it logs through the application's logging, so each worker's lands in the
	 * supervisor's log.
	 */
	static String accessLogOption() {
		return "-Dreactor.netty.http.server.accessLogEnabled=true";
	}

	/**
	 * The status of each HTTP/2 {@code GET} of a path that a log holding Reactor Netty's
	 * access log (Common Log Format) holds.
	 */
	static List<String> http2Answers(String log, String path) {
		String request = "\"GET " + path + " HTTP/2.0\" ";
		return log.lines()
			.filter((line) -> line.contains(request))
			.map((line) -> line.substring(line.indexOf(request) + request.length()).split(" ")[0])
			.toList();
	}

	boolean isRunning() {
		return this.process.isAlive();
	}

	Report await() throws IOException, InterruptedException {
		if (!this.process.waitFor(3, TimeUnit.MINUTES)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("h2load did not end: " + Files.readString(this.output));
		}
		String report = Files.readString(this.output);
		Matcher requests = find(REQUESTS, report);
		Matcher protocol = PROTOCOL.matcher(report);
		return new Report(number(requests, 1), number(requests, 2), number(requests, 4), number(requests, 6),
				number(find(STATUS, report), 1), protocol.find() ? protocol.group(1) : null, report);
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

	/** What an h2load run reported. */
	record Report(long total, long started, long succeeded, long errored, long status2xx, String protocol,
			String text) {
	}

}
