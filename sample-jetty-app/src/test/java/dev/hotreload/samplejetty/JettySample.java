package dev.hotreload.samplejetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.sampletest.TestHttpClients;

/**
 * The Jetty sample started as {@code java -jar} starts it, on a free port, with a real
 * HTTP client in front of it that opens a connection per request.
 */
final class JettySample implements AutoCloseable {

	private final ReloadableApplication application;

	private final int port;

	private final CloseableHttpClient client = TestHttpClients.client(true);

	private JettySample(ConfigurableApplicationContext firstContext) {
		this.application = firstContext.getBean(ReloadableApplication.class);
		this.port = Integer.parseInt(firstContext.getEnvironment().getProperty("local.server.port"));
	}

	static JettySample start(String... args) {
		return start(new SpringApplication(SampleJettyApplication.class), args);
	}

	static JettySample start(SpringApplication application, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0"));
		all.addAll(List.of(args));
		return new JettySample(application.run(all.toArray(String[]::new)));
	}

	ReloadableApplication application() {
		return this.application;
	}

	int port() {
		return this.port;
	}

	URI uri(String path) {
		return uri(this.port, path);
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	Response get(String path) {
		return getOn(this.port, path);
	}

	/** A GET on another of the application's ports, the management port say. */
	Response getOn(int port, String path) {
		return execute(new HttpGet(uri(port, path)));
	}

	/** {@code POST /actuator/reload} as the sample's operator. */
	Response reload() {
		return reloadOn(this.port);
	}

	/** {@code POST /actuator/reload} as the sample's operator, on another of its ports. */
	Response reloadOn(int port) {
		HttpPost post = new HttpPost(uri(port, "/actuator/reload"));
		post.setHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
		return execute(post);
	}

	private Response execute(HttpUriRequestBase request) {
		try {
			return this.client.execute(request, (response) -> {
				Header generation = response.getFirstHeader("X-App-Generation");
				return new Response(response.getCode(), EntityUtils.toString(response.getEntity()),
						(generation != null) ? generation.getValue() : null);
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.client.close(CloseMode.GRACEFUL);
		this.application.close();
	}

	record Response(int status, String body, String generation) {
	}

	static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
