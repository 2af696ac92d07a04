package dev.hotreload.samplejetty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hotreload.sampletest.LoadTools;

/**
 * A run of nghttp2's {@code h2load}, over h2c (prior knowledge) or, for an {@code https}
 * URL, h2 over TLS (by ALPN), at a lower priority so that the reload under test gets the
 * cores first. h2load stops a client's submissions at a GOAWAY and counts the requests it
 * never sent as failed, and also, now and then on a loaded machine, one it had submitted
 * when the GOAWAY came but not yet written (nghttp2 then refuses to start it): so what the
 * server answered is read from Jetty's access log, which must hold exactly the requests
 * h2load counts succeeded.
 */
final class H2load implements AutoCloseable {

	private final Process process;

	private final Path output;

	private H2load(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts {@code requests} requests from {@code clients} clients, each with at most
	 * {@code streams} streams open and {@code rate} requests a second.
	 */
	static H2load start(Path output, String url, int requests, int clients, int streams, int rate)
			throws IOException {
		return new H2load(LoadTools.start(List.of("h2load", "-n", Integer.toString(requests), "-c",
				Integer.toString(clients), "-m", Integer.toString(streams), "--rps", Integer.toString(rate), url),
				output), output);
	}

	/** The Jetty sample's access log, appended to by every generation and worker. */
	static List<String> accessLogArguments(Path accessLog) {
		return List.of("--server.jetty.accesslog.enabled=true", "--server.jetty.accesslog.filename=" + accessLog,
				"--server.jetty.accesslog.append=true");
	}

	/**
	 * The status of each HTTP/2 {@code GET} of a path that a Jetty access log (NCSA) holds.
	 */
	static List<String> http2Answers(Path accessLog, String path) throws IOException {
		String request = "\"GET " + path + " HTTP/2.0\" ";
		return Files.readAllLines(accessLog)
			.stream()
			.filter((line) -> line.contains(request))
			.map((line) -> line.substring(line.indexOf(request) + request.length()).split(" ")[0])
			.toList();
	}

	boolean isRunning() {
		return this.process.isAlive();
	}

	LoadTools.H2load await() throws IOException, InterruptedException {
		return LoadTools.H2load.parse(LoadTools.awaitReport(this.process, this.output, Duration.ofMinutes(3)));
	}

	/** Ends h2load if it still runs: a test that failed before the GOAWAY stopped it. */
	@Override
	public void close() {
		this.process.destroy();
	}

}
