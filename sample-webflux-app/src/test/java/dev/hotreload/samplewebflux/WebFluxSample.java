package dev.hotreload.samplewebflux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

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
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.TestHttpClients;

import static org.awaitility.Awaitility.await;

/**
 * The WebFlux sample as {@code java -jar} runs it, on a free port, reading an extra
 * {@code application.properties} from a directory the test writes (each reload reads it
 * afresh), with an operator client that opens a connection per request.
 */
final class WebFluxSample implements AutoCloseable {

	static final String GENERATION_HEADER = "X-App-Generation";

	private final ReloadableApplication application;

	private final int port;

	private final Path config;

	private final CloseableHttpClient operator = TestHttpClients.client(true, Duration.ofMinutes(5));

	private WebFluxSample(ConfigurableApplicationContext context, Path config) {
		this.application = context.getBean(ReloadableApplication.class);
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		this.config = config;
	}

	static WebFluxSample start(SpringApplication application, Path config) {
		// A shared CI machine can take a minute or more to start a generation: the tests
		// assert outcomes, never timings.
		ConfigurableApplicationContext context = application.run("--server.port=0",
				"--hotreload.reload-timeout=300s",
				ExternalConfig.location(config),
				"--sample.jobs.file=" + jobs(config),
				// Runs of 50 ms (20 ms by default): two generations' runs, were both to run the
				// job at once, would overlap two times in three, so the tests' check sees it.
				"--sample.jobs.work=50ms");
		return new WebFluxSample(context, config);
	}

	private static Path jobs(Path config) {
		return config.resolve("jobs.jsonl");
	}

	/** The job log of this sample's scheduled job, every generation's runs. */
	List<JobRuns.Run> jobRuns() {
		return JobRuns.fromFile(jobs(this.config));
	}

	ReloadableApplication application() {
		return this.application;
	}

	int port() {
		return this.port;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Replaces the extra configuration the next generation reads.
	 * @param lines its properties
	 */
	void configure(String... lines) {
		try {
			ExternalConfig.write(this.config, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Answer get(String path) {
		return send(new HttpGet(uri(path)));
	}

	/** {@code POST /actuator/reload} as the sample's operator. */
	Answer reload() {
		HttpPost post = new HttpPost(uri("/actuator/reload"));
		post.setHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
		return send(post);
	}

	private Answer send(HttpUriRequestBase request) {
		try {
			return this.operator.execute(request, (response) -> {
				Header generation = response.getFirstHeader(GENERATION_HEADER);
				return new Answer(response.getCode(), EntityUtils.toString(response.getEntity()),
						(generation != null) ? generation.getValue() : null);
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until a generation's drain is over and it is closed.
	 * @param generation the generation
	 * @return how its drain ended
	 */
	DrainOutcome awaitClosed(int generation) {
		await().atMost(Duration.ofMinutes(2)).until(() -> {
			DrainOutcome drain = this.application.status().lastDrain();
			return drain != null && drain.generation() == generation && this.application.generations()
				.stream()
				.noneMatch((live) -> live.number() == generation);
		});
		return this.application.status().lastDrain();
	}

	@Override
	public void close() {
		this.operator.close(CloseMode.GRACEFUL);
		this.application.close();
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Answer(int status, String body, String generation) {
	}

}
