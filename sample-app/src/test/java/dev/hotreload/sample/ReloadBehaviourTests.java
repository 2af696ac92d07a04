package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.TestHttpClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user of the sample sees when reloading: new configuration, failures that change
 * nothing, coalesced requests, drains that end, logging that keeps working.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadBehaviourTests {

	@TempDir
	Path config;

	private String configLocation() {
		return ExternalConfig.location(this.config);
	}

	private void writeConfig(String... lines) throws IOException {
		ExternalConfig.write(this.config, lines);
	}

	@Test
	void reloadReadsChangedConfiguration() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			writeConfig("sample.greeting=Bonjour");
			RunningSample.Response reload = sample.reload();
			assertThat(reload.status()).isEqualTo(200);
			assertThat(reload.body()).contains("\"generation\":2", "\"outcome\":\"SUCCESS\"");
			assertThat(sample.get("/hello").body()).isEqualTo("Bonjour from generation 2\n");
		}
	}

	@Test
	void failedGenerationLeavesTheOldOneServing() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			writeConfig("sample.greeting=Broken", "server.servlet.context-path=no-leading-slash");
			RunningSample.Response failed = sample.reload();
			assertThat(failed.status()).isEqualTo(500);
			assertThat(failed.body()).contains("\"generation\":2", "\"outcome\":\"FAILURE\"",
					"Context path must start with '/'");
			assertThat(sample.get("/hello").body()).isEqualTo("Hi from generation 1\n");
			ReloadStatus status = sample.application().status();
			assertThat(status.currentGeneration()).isEqualTo(1);
			assertThat(status.reloadInProgress()).isFalse();
			assertThat(status.generations()).extracting(ReloadStatus.GenerationStatus::generation).containsExactly(1);
			assertThat(status.lastReload().error()).contains("Context path must start with '/'");

			writeConfig("sample.greeting=Fixed");
			RunningSample.Response fixed = sample.reload();
			assertThat(fixed.status()).isEqualTo(200);
			// The failed attempt's number is not reused.
			assertThat(sample.get("/hello").body()).isEqualTo("Fixed from generation 3\n");
		}
	}

	@Test
	void concurrentReloadRequestsCoalesce() throws Exception {
		// Each generation takes 2 s to be ready, so all eight requests (their password checks
		// take a moment each) arrive while the first reload runs, however fast it would be.
		try (RunningSample sample = RunningSample.start("--sample.startup-delay=2s")) {
			int requests = 8;
			ExecutorService pool = Executors.newFixedThreadPool(requests);
			try {
				List<Future<RunningSample.Response>> responses = new ArrayList<>();
				for (int i = 0; i < requests; i++) {
					responses.add(pool.submit(sample::reload));
				}
				Set<String> generations = responses.stream()
					.map(ReloadBehaviourTests::join)
					.peek((response) -> assertThat(response.status()).isEqualTo(200))
					.map((response) -> response.body().replaceAll(".*\"generation\":(\\d+).*", "$1").strip())
					.collect(Collectors.toSet());
				// One reload runs and one waits: eight requests start at most two generations.
				assertThat(generations).isNotEmpty().hasSizeLessThanOrEqualTo(2);
				assertThat(sample.application().currentGeneration()).isBetween(2, 3);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	void drainTimeoutClosesWhatIsLeftAndCountsIt() throws Exception {
		try (RunningSample sample = RunningSample.start("--hotreload.drain-timeout=1s")) {
			CompletableFuture<String> stuck = CompletableFuture.supplyAsync(() -> {
				try {
					// Longer than any reload takes on a loaded machine: only the drain timeout ends it.
					return sample.get("/hello?delay=60000").body();
				}
				catch (RuntimeException ex) {
					return "failed: " + ex;
				}
			});
			await().atMost(Duration.ofSeconds(30))
				.until(() -> sample.application().status().generations().get(0).inFlightRequests() == 1);
			assertThat(sample.reload().status()).isEqualTo(200);
			// Closed at the drain timeout, well before its 60 s were up.
			assertThat(stuck.get(45, TimeUnit.SECONDS)).startsWith("failed: ");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(sample.application().status().generations())
					.extracting(ReloadStatus.GenerationStatus::generation)
					.containsExactly(2));
			assertThat(sample.application().statistics().forcedConnections()).isEqualTo(1);
			assertThat(sample.get("/hello").body()).isEqualTo("Hello from generation 2\n");
		}
	}

	@Test
	void loggingSurvivesTheSwitchAndTakesTheNewLevels(CapturedOutput output) throws Exception {
		writeConfig("logging.level.dev.hotreload.sample=INFO");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			assertThat(LoggerFactory.getLogger(HelloController.class).isDebugEnabled()).isFalse();
			writeConfig("logging.level.dev.hotreload.sample=DEBUG");
			assertThat(sample.reload().status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sample.application().status().generations().size() == 1);
			assertThat(output).contains("Generation 1 closed");
			// Every reload step's log line names its generation (the sample logs the MDC key).
			assertThat(output).containsPattern("\\[gen 2\\].*Reload started: starting generation 2")
				.containsPattern("\\[gen 2\\].*Switched to generation 2")
				.containsPattern("\\[gen 1\\].*Generation 1 drained in");
			assertThat(SLF4JBridgeHandler.isInstalled()).isTrue();
			assertThat(LoggerFactory.getLogger(HelloController.class).isDebugEnabled()).isTrue();

			// Tomcat logs through java.util.logging: its lines must still reach the log.
			int before = output.getOut().length();
			assertThat(sample.get("/hello").status()).isEqualTo(200);
			assertThat(output.getOut().substring(before)).contains("Initializing Spring DispatcherServlet");
		}
	}

	@Test
	void statusShowsGenerationsListenersAndTheLastReload() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			assertThat(sample.reload().status()).isEqualTo(200);
			RunningSample.Response status = sample.get("/actuator/reload");
			assertThat(status.status()).isEqualTo(200);
			assertThat(status.body()).contains("\"supported\":true", "\"currentGeneration\":2",
					"\"reloadRequested\":false", "\"reloadInProgress\":false", "\"state\":\"ACTIVE\"",
					"\"uptimeSeconds\"", "\"inFlightRequests\"", "\"openConnections\"", "\"pid\":"
							+ ProcessHandle.current().pid(),
					"\"lastReload\":{\"generation\":2,\"kind\":\"CONTEXT\",\"trigger\":\"ENDPOINT\",\"outcome\":\"SUCCESS\"",
					"\"mode\":\"CONTEXT\"", "\"durationMillis\"", "\"startupMillis\"",
					":" + sample.port() + "\",\"shared\":true");
			assertThat(sample.application().status().generations()).extracting(ReloadStatus.GenerationStatus::state)
				.contains(GenerationState.ACTIVE);
		}
	}

	@Test
	void metricsStayMonotonicAcrossGenerationsAndResponsesNameTheirGeneration() throws Exception {
		writeConfig("sample.greeting=Hi");
		try (RunningSample sample = RunningSample.start(configLocation())) {
			assertThat(sample.get("/hello").generationHeader()).isEqualTo("1");
			for (int i = 0; i < 3; i++) {
				assertThat(sample.reload().status()).isEqualTo(200);
			}
			writeConfig("server.servlet.context-path=broken");
			assertThat(sample.reload().status()).isEqualTo(500);
			RunningSample.Response scrape = sample.get("/actuator/prometheus");
			assertThat(scrape.generationHeader()).isEqualTo("4");
			String metrics = scrape.body();
			assertThat(sample(metrics, "hotreload_generation", "")).containsExactly(4.0);
			assertThat(sample(metrics, "hotreload_reloads_total", "outcome=\"success\",trigger=\"endpoint\""))
				.containsExactly(3.0);
			assertThat(sample(metrics, "hotreload_reloads_total", "outcome=\"success\",trigger=\"file\""))
				.containsExactly(0.0);
			assertThat(sample(metrics, "hotreload_reloads_total", "outcome=\"failure\",trigger=\"endpoint\""))
				.containsExactly(1.0);
			// Every outcome has a series per trigger, each once.
			assertThat(sample(metrics, "hotreload_reloads_total", "outcome=\"coalesced\""))
				.hasSize(ReloadTrigger.values().length)
				.containsOnly(0.0);
			assertThat(sample(metrics, "hotreload_reload_duration_seconds_count", "")).containsExactly(3.0);
			assertThat(sample(metrics, "hotreload_generations", "state=\"active\"")).containsExactly(1.0);
			assertThat(sample(metrics, "hotreload_inflight", "generation=\"4\"")).hasSize(1);
			assertThat(sample(metrics, "hotreload_drain_forced_total", "")).containsExactly(0.0);
		}
	}

	/** The values of a metric's samples whose labels contain the given text. */
	private static List<Double> sample(String scrape, String name, String label) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> line.contains(label))
			.map((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.toList();
	}

	@Test
	void onlyTheOperatorRoleMayReload() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			assertThat(sample.reloadAs(null, null).status()).isEqualTo(401);
			assertThat(sample.reloadAs("ops", "wrong").status()).isEqualTo(401);
			assertThat(sample.application().currentGeneration()).isEqualTo(1);
			// Reading the status and serving the application need no credentials.
			assertThat(sample.get("/actuator/reload").status()).isEqualTo(200);
			assertThat(sample.get("/hello").status()).isEqualTo(200);
			assertThat(sample.reload().status()).isEqualTo(200);
			assertThat(sample.application().currentGeneration()).isEqualTo(2);
		}
	}

	@Test
	void malformedReloadRequestsGetAClearErrorAndReloadNothing() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			assertThat(sample.reloadWithBody("{not json", ContentType.APPLICATION_JSON).status()).isEqualTo(400);
			assertThat(sample.reloadWithBody("reload please", ContentType.TEXT_PLAIN).status()).isEqualTo(415);
			assertThat(sample.application().currentGeneration()).isEqualTo(1);
			assertThat(sample.application().status().lastReload()).isNull();
			assertThat(sample.get("/hello").body()).isEqualTo("Hello from generation 1\n");
		}
	}

	@Test
	void aUserWithoutTheOperatorRoleIsForbidden() throws Exception {
		try (RunningSample sample = RunningSample.start("--spring.security.user.roles=VIEWER")) {
			assertThat(sample.reload().status()).isEqualTo(403);
			assertThat(sample.application().currentGeneration()).isEqualTo(1);
		}
	}

	@Test
	void reloadEndpointIsReadOnlyUnlessAccessIsGranted() throws Exception {
		try (RunningSample sample = RunningSample.start("--management.endpoint.reload.access=read-only")) {
			assertThat(sample.reload().status()).isEqualTo(405);
			assertThat(sample.get("/actuator/reload").status()).isEqualTo(200);
			assertThat(sample.application().currentGeneration()).isEqualTo(1);
		}
	}

	@Test
	void sampleRunsWithHotReloadDisabled() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--hotreload.enabled=false")) {
			assertThat(context.getBeanProvider(ReloadableApplication.class).getIfAvailable()).isNull();
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			try (CloseableHttpClient client = TestHttpClients.client(true)) {
				String body = client.execute(new HttpGet("http://127.0.0.1:" + port + "/hello"),
						(response) -> EntityUtils.toString(response.getEntity()));
				assertThat(body).isEqualTo("Hello from generation 1\n");
			}
		}
	}

	@Test
	void helloRejectsADelayOutOfRange() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			for (String delay : List.of("abc", "-1", "60001", "1.5")) {
				RunningSample.Response response = sample.get("/hello?delay=" + delay);
				assertThat(response.status()).as(delay).isEqualTo(400);
				assertThat(response.body()).contains("delay must be a whole number of milliseconds from 0 to 60000");
			}
			assertThat(sample.get("/hello?delay=10").body()).isEqualTo("Hello from generation 1\n");
		}
	}

	private static <T> T join(Future<T> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
