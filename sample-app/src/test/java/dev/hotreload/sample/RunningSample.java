package dev.hotreload.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.sampletest.TestHttpClients;
import dev.hotreload.context.ReloadableApplication;

/**
 * The sample application started the way {@code java -jar} starts it, on a free port,
 * with a real HTTP client in front of it.
 */
final class RunningSample implements AutoCloseable {

	private final ConfigurableApplicationContext firstContext;

	private final ReloadableApplication application;

	private final int port;

	// A connection per request: a kept-alive connection would send the next request to the
	// generation that was serving when it opened, which is by design but not what these
	// checks are about.
	private final CloseableHttpClient client = TestHttpClients.client(true);

	private RunningSample(ConfigurableApplicationContext firstContext) {
		this.firstContext = firstContext;
		this.application = firstContext.getBean(ReloadableApplication.class);
		this.port = Integer.parseInt(firstContext.getEnvironment().getProperty("local.server.port"));
	}

	static RunningSample start(String... args) {
		return start(new SpringApplication(SampleApplication.class), args);
	}

	static RunningSample start(SpringApplication application, String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0"));
		all.addAll(List.of(args));
		return new RunningSample(application.run(all.toArray(String[]::new)));
	}

	ConfigurableApplicationContext firstContext() {
		return this.firstContext;
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
		return reloadAs("ops", "change-me");
	}

	Response reloadAs(String user, String password) {
		return reloadOn(this.port, user, password);
	}

	/** {@code POST /actuator/reload} as the operator, with a body. */
	Response reloadWithBody(String body, ContentType contentType) {
		HttpPost post = reloadPost(this.port, "ops", "change-me");
		post.setEntity(new StringEntity(body, contentType));
		return execute(post);
	}

	/** {@code POST /actuator/reload} on another of the application's ports. */
	Response reloadOn(int port, String user, String password) {
		return execute(reloadPost(port, user, password));
	}

	private HttpPost reloadPost(int port, String user, String password) {
		HttpPost post = new HttpPost(uri(port, "/actuator/reload"));
		if (user != null) {
			String credentials = user + ":" + password;
			post.setHeader("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return post;
	}

	private Response execute(HttpUriRequestBase request) {
		try {
			return this.client.execute(request, (response) -> new Response(response.getCode(),
					EntityUtils.toString(response.getEntity()),
					(response.getFirstHeader("X-App-Generation") != null)
							? response.getFirstHeader("X-App-Generation").getValue() : null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
		this.application.close();
	}

	record Response(int status, String body, String generationHeader) {
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
