package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * A real HTTP client for a sample running in another JVM: a new connection per request,
 * no retries.
 */
final class RunningSampleClient implements AutoCloseable {

	private final CloseableHttpClient client = RunningSample.client(true);

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

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
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
