package dev.hotreload.samplejetty;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.IdleClients;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.TestHttpClients;
import dev.hotreload.sampletest.LoadGenerator;
import dev.hotreload.sampletest.SampleSupervisor;
import dev.hotreload.sampletest.SupervisorRollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode on Jetty, end to end: {@code java -jar} of the Jetty sample with
 * {@code --hotreload.mode=process}, real worker JVMs, real signals, real clients. The
 * scenarios run in order on one supervisor (a supervisor and its first worker cost more
 * than a scenario), each from where the one before left it. Each worker reads the
 * external configuration file as it starts, so a scenario sets what the worker it starts
 * (and later retires) is to do: its drain timeout, a context path that fails its start, or
 * health that goes down in its rollback window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JettyProcessIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Worker JVMs start slowly on two shared, loaded cores. */
	private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(150);

	private static final int IDLE_CLIENTS = 20;

	/** Longer than the drain timeout of the workers the idle clients see retire. */
	private static final long IDLE_MILLIS = 1600;

	@TempDir
	static Path temp;

	private Path config;

	private SampleSupervisor supervisor;

	@BeforeAll
	void startSupervisor() throws Exception {
		LoadTools.install();
		this.config = Files.createDirectories(temp.resolve("config"));
		configure("hotreload.drain-timeout=10s");
		Path jar = Files.copy(SampleSupervisor.packagedJar("sample-jetty-app"), temp.resolve("app.jar"));
		List<String> arguments = new ArrayList<>(H2load.accessLogArguments(temp.resolve("access.log")));
		arguments.addAll(List.of("--spring.config.additional-location=optional:file:" + this.config + "/",
				"--server.http2.enabled=true", "--logging.level.dev.hotreload=DEBUG",
				"--management.endpoints.web.exposure.include=health,reload,metrics",
				"--hotreload.reload-timeout=" + RELOAD_TIMEOUT.toSeconds() + "s", "--sample.jobs.file=" + jobs()));
		this.supervisor = SampleSupervisor.start(jar, List.of(), arguments.toArray(String[]::new)).awaitServing();
	}

	@AfterAll
	void stopSupervisor() throws IOException {
		if (this.supervisor != null) {
			this.supervisor.close();
		}
	}

	/**
	 * A reload under keep-alive, connection-per-request and slow clients fails no request,
	 * and its answer means the new worker serves: the POST's own keep-alive connection and
	 * every new connection reach it.
	 */
	@Test
	@Order(1)
	void aReloadUnderMixedLoadFailsNoRequestAndItsAnswerMeansTheNewWorkerServes() throws Exception {
		List<String> wrong = new ArrayList<>();
		JsonNode drain;
		// Lighter than the context-mode tests' load: a worker JVM starts beside the serving one.
		LoadGenerator load = new LoadGenerator(this.supervisor.port(), 2, 1, 2, 700);
		// The POST is answered once the new worker serves: wait as long as the reload may take.
		try (CloseableHttpClient keepAlive = TestHttpClients.client(false, RELOAD_TIMEOUT)) {
			JettySample.sleep(1000);
			assertThat(generation(keepAlive, new HttpGet(this.supervisor.url("/hello")))).isEqualTo("1");
			// Worker 2 drains with 1 s when the idle clients see it retire (next scenario).
			configure("hotreload.drain-timeout=1s");
			String answer = execute(keepAlive, reload());
			assertThat(answer).contains("\"outcome\":\"SUCCESS\"", "\"kind\":\"PROCESS\"");
			assertThat(json.readTree(answer).path("generation").asInt()).isEqualTo(2);
			if (!"2".equals(generation(keepAlive, new HttpGet(this.supervisor.url("/hello"))))) {
				wrong.add("the POST's connection went back to the retiring worker");
			}
			for (int i = 0; i < 10; i++) {
				String generation = this.supervisor.get("/hello").generation();
				if (!"2".equals(generation)) {
					wrong.add("new connection " + i + " answered by generation " + generation);
				}
			}
			drain = this.supervisor.awaitRetired(1);
			JettySample.sleep(1000);
		}
		finally {
			load.close();
		}
		System.out.println("Jetty process reload under load: " + load.succeeded() + " requests, "
				+ load.failures().size() + " failed, generations " + load.generationsSeen() + "; " + drain);
		assertThat(wrong).isEmpty();
		assertThat(load.failures()).isEmpty();
		assertThat(load.generationsSeen()).containsExactlyInAnyOrder(1, 2);
		assertThat(drain.get("mode").asText()).isEqualTo("MIGRATE");
		assertThat(drain.get("forced").asInt()).isZero();
	}

	/**
	 * Pooled clients idling longer than the retiring workers' drain timeout keep their
	 * connections across worker swaps: each idle connection is handed, still open, to the
	 * next worker.
	 */
	@Test
	@Order(2)
	void idlePooledClientsKeepTheirConnectionsAcrossWorkerSwaps() throws Exception {
		int migrated = 0;
		List<JsonNode> drains = new ArrayList<>();
		try (IdleClients clients = new IdleClients(this.supervisor.url("/hello"), IDLE_CLIENTS, IDLE_MILLIS)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw("2"));
			for (int retiring = 2; retiring <= 3; retiring++) {
				if (retiring == 3) {
					// Worker 4, started now, drains HTTP/2 later: the drain timeout of the first.
					configure("hotreload.drain-timeout=10s");
				}
				this.supervisor.signal("HUP");
				JsonNode drain = this.supervisor.awaitRetired(retiring);
				drains.add(drain);
				migrated += drain.get("migrated").asInt();
				String serving = String.valueOf(retiring + 1);
				await().atMost(Duration.ofSeconds(20)).until(() -> clients.allSaw(serving));
			}
			clients.close();
			System.out.println("Jetty process mode, " + IDLE_CLIENTS + " pooled clients idling " + IDLE_MILLIS
					+ " ms, drain timeout 1 s, 2 worker swaps: " + clients.answered() + " requests, "
					+ clients.failures().size() + " failed, " + clients.reconnects() + " reconnects; " + drains);
			assertThat(clients.failures()).isEmpty();
			assertThat(clients.reconnects()).isZero();
		}
		assertThat(drains).allSatisfy((drain) -> {
			assertThat(drain.get("mode").asText()).isEqualTo("MIGRATE");
			assertThat(drain.get("forced").asInt()).isZero();
		});
		assertThat(migrated).isGreaterThanOrEqualTo(2 * IDLE_CLIENTS);
	}

	/**
	 * h2load over h2c across a worker swap: the retiring worker sends GOAWAY as it is told
	 * to retire, h2load stops sending, and every stream that reached a worker is answered
	 * 2xx: the workers' access log holds exactly what h2load counts succeeded, all 200.
	 */
	@Test
	@Order(3)
	void everyHttp2StreamSentBeforeTheRetiringWorkersGoAwayIsAnswered() throws Exception {
		String path = "/hello?delay=200";
		H2load h2load = H2load.start(temp.resolve("h2load.txt"), this.supervisor.url(path), 10_000, 2, 4, 20);
		JettySample.sleep(1000);
		assertThat(h2load.isRunning()).as("h2load running at the swap").isTrue();
		this.supervisor.signal("HUP");
		JsonNode drain = this.supervisor.awaitRetired(4);
		LoadTools.H2load run = h2load.await();
		System.out.println("Jetty process mode, h2load across a worker swap: " + run.started() + " streams sent, "
				+ run.succeeded() + " succeeded, " + run.status2xx() + " 2xx, of " + run.total() + "; " + drain);
		assertThat(run.protocol()).isEqualTo("h2c");
		assertThat(run.started()).as("h2load stopped at the GOAWAY").isLessThan(run.total()).isPositive();
		assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
		assertThat(drain.get("forced").asInt()).isZero();
		assertThat(H2load.http2Answers(temp.resolve("access.log"), path)).hasSize((int) run.succeeded())
			.containsOnly("200");
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo("5");
	}

	/** A worker that fails to start leaves the serving one serving, and says why. */
	@Test
	@Order(4)
	void aWorkerThatFailsToStartLeavesTheServingOneServing() throws Exception {
		List<Long> serving = this.supervisor.workerPids();
		configure("server.servlet.context-path=no-leading-slash");
		try (CloseableHttpClient client = TestHttpClients.client(true, RELOAD_TIMEOUT)) {
			HttpPost post = reload();
			int status = client.execute(post, (response) -> response.getCode());
			assertThat(status).isEqualTo(500);
		}
		finally {
			configure("hotreload.drain-timeout=10s");
		}
		JsonNode status = this.supervisor.status();
		assertThat(status.path("lastReload").path("outcome").asText()).isEqualTo("FAILURE");
		assertThat(status.path("lastReload").path("error").asText()).contains("exited with code 1");
		assertThat(this.supervisor.workerPids()).isEqualTo(serving);
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo("5");
	}

	/**
	 * A worker whose health goes down 2 s after the switch, within its rollback window,
	 * under load: the worker that stood by (the same JVM as before the reload) serves
	 * again, no request fails, and the reload ends {@code ROLLED_BACK} with the health
	 * group's reason, in the status, the metrics and the supervisor's log.
	 */
	@Test
	@Order(5)
	void aWorkerThatGoesDownInItsRollbackWindowHandsBackToTheOneStandingByUnderLoad() throws Exception {
		SupervisorRollbacks.rollBackUnderLoad(this.supervisor, this.config, RELOAD_TIMEOUT, "Jetty");
	}

	/** SIGTERM stops the supervisor and its workers, and closes the socket. */
	@Test
	@Order(6)
	void sigtermStopsTheSupervisorAndItsWorkers() throws Exception {
		List<ProcessHandle> workers = this.supervisor.liveWorkers();
		assertThat(workers).isNotEmpty();
		this.supervisor.signal("TERM");
		assertThat(this.supervisor.waitFor(Duration.ofSeconds(60))).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
		assertThat(this.supervisor.isRefused()).isTrue();
	}

	/**
	 * The workers of every generation so far started with the class data archive the build
	 * step made before the supervisor ({@code ClassDataArchives}), as on Tomcat.
	 */
	@Test
	@Order(7)
	void everyWorkerStartedWithTheClassDataArchive() throws IOException {
		assertThat(this.supervisor.generationsWithTheClassDataArchive()).contains(1, 2);
		assertThat(this.supervisor.log()).doesNotContain("did not use the class data archive");
	}

	/**
	 * The sample's 100 ms job across every worker swap above (and whatever the other
	 * scenarios did since, a rollback say): the job log, which all workers of the
	 * supervisor share, shows no two runs of different generations overlapping, generations
	 * 1 to 5 each running the job in one stretch, in order, and each generation in one
	 * worker JVM of its own. The supervisor logged each move.
	 */
	@Test
	@Order(8)
	void singletonWorkRanInOneWorkerAtATimeAcrossTheSwaps() {
		JobRuns.assertOneWorkerAtATimeAcrossSwaps(jobs(), this.supervisor.log(), "Jetty");
	}

	private static Path jobs() {
		return temp.resolve("jobs.jsonl");
	}

	private void configure(String... properties) throws IOException {
		ExternalConfig.write(this.config, properties);
	}

	private HttpPost reload() {
		HttpPost post = new HttpPost(URI.create(this.supervisor.url("/actuator/reload")));
		post.setHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8)));
		return post;
	}

	private static String execute(CloseableHttpClient client, HttpUriRequestBase request) throws IOException {
		return client.execute(request, (response) -> EntityUtils.toString(response.getEntity()));
	}

	private static String generation(CloseableHttpClient client, HttpUriRequestBase request) throws IOException {
		return client.execute(request, (response) -> {
			EntityUtils.consume(response.getEntity());
			return response.getFirstHeader("X-App-Generation").getValue();
		});
	}

}
