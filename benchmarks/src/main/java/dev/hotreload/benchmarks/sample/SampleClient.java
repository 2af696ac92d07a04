package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import tools.jackson.databind.JsonNode;

import dev.hotreload.benchmarks.load.HttpClientFactory;

/**
 * Requests to one sample JVM, each on a new connection: a kept-alive connection would
 * keep talking to the generation that was serving when it opened, and these requests are
 * about the generation that serves now.
 */
public final class SampleClient implements AutoCloseable {

	/** The user the harness starts the sample with; only it may reload. */
	static final String OPERATOR = "ops";

	static final String OPERATOR_PASSWORD = "benchmark";

	private static final String BUILD_HEADER = "X-Sample-Build";

	private static final String GENERATION_HEADER = "X-App-Generation";

	private static final Pattern HELLO_GENERATION = Pattern.compile("generation (\\d+)");

	private final CloseableHttpClient client = HttpClientFactory.newConnectionPerRequest();

	private final int port;

	public SampleClient(int port) {
		this.port = port;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Whether {@code GET /hello} answers 200 now.
	 * @return {@code false} if it answers otherwise or the connection fails
	 */
	public boolean helloAnswers() {
		try {
			return this.client.execute(new HttpGet(uri("/hello")), (response) -> {
				EntityUtils.consume(response.getEntity());
				return response.getCode() == 200;
			});
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The build of the code that serves {@code GET /hello} on a new connection now: its
	 * {@code X-Sample-Build} header ({@code SampleBuild.name()}).
	 * @return the build, or {@code null} if the request fails, is not answered 200 or has
	 * no such header (nothing listens while DevTools restarts, for one)
	 */
	public String helloBuild() {
		try {
			return this.client.execute(new HttpGet(uri("/hello")), (response) -> {
				EntityUtils.consume(response.getEntity());
				Header build = response.getFirstHeader(BUILD_HEADER);
				return (response.getCode() == 200 && build != null) ? build.getValue() : null;
			});
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * The generation that serves {@code GET /hello} on a new connection: its
	 * {@code X-App-Generation} header, which every sample sets, else its body's
	 * "generation N" (each sample words its greeting its own way).
	 * @return the generation number
	 * @throws IOException if the request fails or names no generation
	 */
	public int helloGeneration() throws IOException {
		return this.client.execute(new HttpGet(uri("/hello")), (response) -> {
			String text = EntityUtils.toString(response.getEntity());
			if (response.getCode() != 200) {
				throw new IOException("GET /hello answered " + response.getCode() + ": " + text.strip());
			}
			Header header = response.getFirstHeader(GENERATION_HEADER);
			if (header != null) {
				return Integer.parseInt(header.getValue());
			}
			Matcher matcher = HELLO_GENERATION.matcher(text);
			if (!matcher.find()) {
				throw new IOException("GET /hello named no generation: no " + GENERATION_HEADER + " header, body "
						+ text.strip());
			}
			return Integer.parseInt(matcher.group(1));
		});
	}

	/**
	 * Reloads; the endpoint answers once traffic has switched to the new generation.
	 * @return the answer
	 * @throws IOException if the request fails
	 */
	public ReloadResponse reload() throws IOException {
		HttpPost post = asOperator(new HttpPost(uri("/actuator/reload")));
		return this.client.execute(post,
				(response) -> ReloadResponse.parse(response.getCode(), EntityUtils.toString(response.getEntity())));
	}

	/**
	 * {@code POST} to an operation of the reload endpoint as the operator, such as
	 * {@code /actuator/reload/fleet}.
	 * @param path the operation's path
	 * @return its status and body
	 * @throws IOException if the request fails
	 */
	public Answer postAsOperator(String path) throws IOException {
		HttpPost post = asOperator(new HttpPost(uri(path)));
		return this.client.execute(post,
				(response) -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
	}

	// The sample lets only its operator reload (HTTP basic, role OPS).
	private static HttpPost asOperator(HttpPost post) {
		post.setHeader("Authorization", "Basic " + Base64.getEncoder()
			.encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
		return post;
	}

	/**
	 * {@code GET /actuator/reload}, parsed.
	 * @return the status
	 * @throws IOException if the request fails or does not answer JSON
	 */
	public JsonNode status() throws IOException {
		return ReloadStatusJson.tree(reloadStatus());
	}

	/**
	 * The last reload that ended, whatever asked for it: the {@code lastReload} of
	 * {@code GET /actuator/reload}, read as the answer a POST would have given.
	 * @return the reload, its status 200; every field absent before the first reload
	 * @throws IOException if the request fails or does not answer JSON
	 */
	public ReloadResponse lastReload() throws IOException {
		return ReloadStatusJson.lastReload(reloadStatus());
	}

	/**
	 * The mean drain, from a switch to the old generation closed, over all drains so far,
	 * from the application's {@code hotreload_drain_duration_seconds} timer.
	 * @return the mean, zero before the first drain
	 * @throws IOException if the request fails
	 */
	public Duration meanDrain() throws IOException {
		String metrics = prometheus();
		double count = PrometheusText.sum(metrics, "hotreload_drain_duration_seconds_count");
		return (count > 0)
				? Duration.ofNanos((long) (PrometheusText.sum(metrics, "hotreload_drain_duration_seconds_sum") / count
						* 1e9))
				: Duration.ZERO;
	}

	/**
	 * The application's metrics as Prometheus scrapes them.
	 * @return the body of {@code GET /actuator/prometheus}
	 * @throws IOException if the request fails
	 */
	public String prometheus() throws IOException {
		return this.client.execute(new HttpGet(uri("/actuator/prometheus")),
				(response) -> EntityUtils.toString(response.getEntity()));
	}

	/**
	 * Waits until the old generations have closed: they drain in the background after the
	 * switch.
	 * @param timeout the longest to wait
	 * @throws IOException if a request fails
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if old generations are still alive at the timeout
	 */
	public void awaitDrained(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (liveGenerations() > 1) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Old generations still alive after " + timeout);
			}
			Thread.sleep(50);
		}
	}

	/**
	 * How many generations are alive: more than one while old ones drain.
	 * @return the count from {@code GET /actuator/reload}
	 * @throws IOException if the request fails
	 */
	int liveGenerations() throws IOException {
		return ReloadStatusJson.generations(reloadStatus());
	}

	/**
	 * The live worker JVMs in process mode: more than one while an old worker drains.
	 * @return the {@code workers} of {@code GET /actuator/reload}, oldest first; empty
	 * outside process mode
	 * @throws IOException if the request fails or does not answer JSON
	 */
	public List<ProcessWorker> workers() throws IOException {
		return ReloadStatusJson.workers(reloadStatus());
	}

	private String reloadStatus() throws IOException {
		return this.client.execute(new HttpGet(uri("/actuator/reload")),
				(response) -> EntityUtils.toString(response.getEntity()));
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status its status
	 * @param body its body
	 */
	public record Answer(int status, String body) {

	}

}
