package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import dev.hotreload.sampletest.TestHttpClients;

/**
 * A real HTTP client for a sample running in another JVM: a new connection per request,
 * no retries.
 */
final class RunningSampleClient implements AutoCloseable {

	private final CloseableHttpClient client = TestHttpClients.client(true);

	private final int port;

	RunningSampleClient(int port) {
		this.port = port;
	}

	Answer get(String path) {
		return execute(new HttpGet(URI.create("http://127.0.0.1:" + this.port + path)));
	}

	/** {@code POST /actuator/reload} (plus a suffix such as {@code /context}) as the operator. */
	Answer reload(String suffix) {
		HttpPost post = new HttpPost(URI.create("http://127.0.0.1:" + this.port + "/actuator/reload" + suffix));
		post.setHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
		return execute(post);
	}

	private Answer execute(HttpUriRequestBase request) {
		try {
			return this.client.execute(request, (response) -> new Answer(response.getCode(),
					EntityUtils.toString(response.getEntity()),
					(response.getFirstHeader(HelloController.BUILD_HEADER) != null)
							? response.getFirstHeader(HelloController.BUILD_HEADER).getValue() : null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A port free now, for a JVM the test starts to bind. Taken below the kernel's
	 * ephemeral range: a port from that range (what binding port 0 gives) can be taken by
	 * any outgoing connection on the machine, a load test's in another JVM say, before the
	 * started JVM binds it.
	 */
	static int freePort() throws IOException {
		int below = ephemeralRangeStart();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 100 && below > 20_000; attempt++) {
			int port = random.nextInt(10_000, below);
			try (ServerSocket socket = new ServerSocket(port)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// Taken: try another.
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static int ephemeralRangeStart() {
		try {
			// Not Files.readString: for a /proc/sys file it returns the first byte only
			// ("3"), which sent every test to the ephemeral range.
			return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)
				.trim()
				.split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * An answer, with the build of the code that gave it.
	 */
	record Answer(int status, String body, String build) {
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

}
