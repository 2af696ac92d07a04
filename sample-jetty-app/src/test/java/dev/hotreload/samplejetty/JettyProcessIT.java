package dev.hotreload.samplejetty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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
import dev.hotreload.sampletest.EchoSocket;
import dev.hotreload.sampletest.EventStream;
import dev.hotreload.sampletest.ExternalConfig;
import dev.hotreload.sampletest.IdleClients;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LiveWorkerCount;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.MixedLoad;
import dev.hotreload.sampletest.SampleSupervisor;
import dev.hotreload.sampletest.SupervisorRollbacks;
import dev.hotreload.sampletest.TestHttpClients;

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

	/**
	 * Reloads of the mixed-load series: 10, or {@code -Dsample.process.reloads=60} for the
	 * long series (run by hand; its figures are in docs/servers.md).
	 */
	private static final int RELOADS = Integer.getInteger("sample.process.reloads", 10);

	private static final int IDLE_CLIENTS = 40;

	/** The generation that serves after the series, whose worker the h2load scenario retires. */
	private static final int H2_RETIRING = 1 + RELOADS;

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
	 * 10 reloads in a row under keep-alive, connection-per-request and slow clients, wrk and
	 * hey, with 40 pooled clients idling longer than the retiring workers' drain timeout (1 s)
	 * beside them, fail no request, and each reload's answer means the new worker serves: the
	 * POST's own keep-alive connection and new connections reach it. Each retired worker
	 * drains by migration, forcing no connection: every idle connection is handed, still
	 * open, to the next worker, so no idle client reconnects and each sees every worker. At
	 * the first, the retiring worker closes a WebSocket session with 1001 and ends an SSE
	 * stream cleanly, and their reconnects reach the new worker.
	 * Across the series the supervisor keeps at most two workers alive, one after each drain,
	 * and does not grow: its threads and descriptors after the 2nd reload and after the last
	 * differ by at most 2 each.
	 */
	@Test
	@Order(1)
	void reloadsUnderMixedLoadAndIdleClientsFailNoRequestAndLeaveOneWorkerAndNoGrowthInTheSupervisor()
			throws Exception {
		List<String> wrong = new ArrayList<>();
		List<JsonNode> drains = new ArrayList<>();
		SampleSupervisor.Resources early = null;
		SampleSupervisor.Resources late;
		// Every worker after the first drains with 1 s, shorter than the idle clients' pause.
		configure("hotreload.drain-timeout=1s");
		// Lighter than the context-mode tests' load: a worker JVM starts beside the serving one.
		// Slow requests of 300 ms span switches and end well within the drain timeout.
		MixedLoad load = MixedLoad.start(this.supervisor.port(), temp, 2, 1, 2, 300);
		HttpClient http = HttpClient.newHttpClient();
		ExecutorService readers = Executors.newSingleThreadExecutor();
		// The POSTs are answered once the new worker serves: wait as long as a reload may take.
		try (LiveWorkerCount workers = new LiveWorkerCount(this.supervisor);
				CloseableHttpClient keepAlive = TestHttpClients.client(false, RELOAD_TIMEOUT);
				CloseableHttpClient streaming = TestHttpClients.client(false);
				IdleClients idle = new IdleClients(this.supervisor.url("/hello"), IDLE_CLIENTS, IDLE_MILLIS)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> idle.allSaw("1"));
			EchoSocket echo = EchoSocket.open(http, this.supervisor.port());
			assertThat(echo.echo("hi")).isEqualTo("gen 1: hi");
			BlockingQueue<String> events = new LinkedBlockingQueue<>();
			URI eventsUri = URI.create(this.supervisor.url("/events"));
			Future<Integer> stream = readers.submit(() -> EventStream.read(streaming, eventsUri, events));
			assertThat(events.poll(60, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 1");
			assertThat(generation(keepAlive, new HttpGet(this.supervisor.url("/hello")))).isEqualTo("1");
			for (int reload = 1; reload <= RELOADS; reload++) {
				int generation = 1 + reload;
				if (reload == RELOADS) {
					// The last worker drains HTTP/2 later (the h2load scenario): 10 s.
					configure("hotreload.drain-timeout=10s");
				}
				String answer = execute(keepAlive, reload());
				assertThat(answer).contains("\"outcome\":\"SUCCESS\"", "\"kind\":\"PROCESS\"");
				assertThat(json.readTree(answer).path("generation").asInt()).isEqualTo(generation);
				String expected = String.valueOf(generation);
				String onPost = generation(keepAlive, new HttpGet(this.supervisor.url("/hello")));
				if (!expected.equals(onPost)) {
					wrong.add("reload " + reload + ": the POST's connection answered by generation " + onPost);
				}
				for (int i = 0; i < 3; i++) {
					String answeredBy = this.supervisor.get("/hello").generation();
					if (!expected.equals(answeredBy)) {
						wrong.add("reload " + reload + ": new connection " + i + " answered by generation "
								+ answeredBy);
					}
				}
				if (reload == 1) {
					// The bounds only keep a broken build from hanging: the first drain timeout is 10 s.
					assertThat(echo.closed().get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
					// Ends by itself, with the chunked body's last chunk: a cut stream throws here.
					assertThat(stream.get(60, TimeUnit.SECONDS)).isPositive();
				}
				drains.add(this.supervisor.awaitRetired(generation - 1));
				// The retired worker has exited: the supervisor saw it go before it said so.
				assertThat(this.supervisor.liveWorkers()).as("live workers after reload " + reload).hasSize(1);
				if (reload == 1) {
					// Their reconnects reach the new worker.
					EchoSocket again = EchoSocket.open(http, this.supervisor.port());
					assertThat(again.echo("again")).isEqualTo("gen 2: again");
					again.close();
					BlockingQueue<String> next = new LinkedBlockingQueue<>();
					Future<Integer> nextStream = readers.submit(() -> EventStream.read(streaming, eventsUri, next));
					assertThat(next.poll(60, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 2");
					nextStream.cancel(true);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> idle.allSaw(expected));
				if (reload == 2) {
					early = this.supervisor.resources();
				}
			}
			late = this.supervisor.resources();
			idle.close();
			System.out.println("Jetty process mode, " + RELOADS + " reloads: at most " + workers.max()
					+ " live workers; supervisor after the 2nd and the last reload: threads " + early.threads() + " -> "
					+ late.threads() + ", descriptors " + early.descriptors() + " -> " + late.descriptors() + "; "
					+ IDLE_CLIENTS + " pooled clients idling " + IDLE_MILLIS + " ms beside the load: "
					+ idle.answered() + " requests, " + idle.failures().size() + " failed, " + idle.reconnects()
					+ " reconnects");
			assertThat(workers.max()).as("live workers at most: %s", workers.atMax()).isLessThanOrEqualTo(2);
			assertThat(idle.failures()).isEmpty();
			assertThat(idle.reconnects()).isZero();
			List<String> all = IntStream.rangeClosed(1, 1 + RELOADS).mapToObj(String::valueOf).toList();
			assertThat(idle.generationsPerClient()).allSatisfy((seen) -> assertThat(seen).containsAll(all));
		}
		finally {
			load.close();
			readers.shutdownNow();
		}
		System.out.println("Jetty process mode, " + RELOADS + " reloads under mixed load: " + load.summary() + "; "
				+ load.failures().size() + " failures in all, generations " + new TreeSet<>(load.generationsSeen())
				+ "; drains " + drains);
		assertThat(wrong).isEmpty();
		assertThat(load.failures()).isEmpty();
		assertThat(load.wrkRequests()).as("wrk's requests").isPositive();
		assertThat(load.heyResponses()).as("hey's responses").isPositive();
		assertThat(load.generationsSeen())
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 1 + RELOADS).boxed().toList());
		assertThat(drains).hasSize(RELOADS).allSatisfy((drain) -> {
			assertThat(drain.get("mode").asText()).isEqualTo("MIGRATE");
			assertThat(drain.get("forced").asInt()).isZero();
		});
		assertThat(drains.stream().mapToInt((drain) -> drain.get("migrated").asInt()).sum())
			.as("connections migrated").isGreaterThanOrEqualTo(RELOADS * IDLE_CLIENTS);
		assertThat(late.threads()).as("supervisor threads").isLessThanOrEqualTo(early.threads() + 2);
		assertThat(late.descriptors()).as("supervisor descriptors").isLessThanOrEqualTo(early.descriptors() + 2);
	}

	/**
	 * h2load over h2c across a worker swap: the retiring worker sends GOAWAY as it is told
	 * to retire, h2load stops sending, and every stream that reached a worker is answered
	 * 2xx: the workers' access log holds exactly what h2load counts succeeded, all 200.
	 */
	@Test
	@Order(2)
	void everyHttp2StreamSentBeforeTheRetiringWorkersGoAwayIsAnswered() throws Exception {
		String path = "/hello?delay=200";
		H2load h2load = H2load.start(temp.resolve("h2load.txt"), this.supervisor.url(path), 10_000, 2, 4, 20);
		JettySample.sleep(1000);
		assertThat(h2load.isRunning()).as("h2load running at the swap").isTrue();
		this.supervisor.signal("HUP");
		JsonNode drain = this.supervisor.awaitRetired(H2_RETIRING);
		LoadTools.H2load run = h2load.await();
		System.out.println("Jetty process mode, h2load across a worker swap: " + run.started() + " streams sent, "
				+ run.succeeded() + " succeeded, " + run.status2xx() + " 2xx, of " + run.total() + "; " + drain);
		assertThat(run.protocol()).isEqualTo("h2c");
		assertThat(run.started()).as("h2load stopped at the GOAWAY").isLessThan(run.total()).isPositive();
		assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
		assertThat(drain.get("forced").asInt()).isZero();
		assertThat(H2load.http2Answers(temp.resolve("access.log"), path)).hasSize((int) run.succeeded())
			.containsOnly("200");
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo(String.valueOf(H2_RETIRING + 1));
	}

	/** A worker that fails to start leaves the serving one serving, and says why. */
	@Test
	@Order(3)
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
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo(String.valueOf(H2_RETIRING + 1));
	}

	/**
	 * A worker whose health goes down 2 s after the switch, within its rollback window,
	 * under load: the worker that stood by (the same JVM as before the reload) serves
	 * again, no request fails, and the reload ends {@code ROLLED_BACK} with the health
	 * group's reason, in the status, the metrics and the supervisor's log.
	 */
	@Test
	@Order(4)
	void aWorkerThatGoesDownInItsRollbackWindowHandsBackToTheOneStandingByUnderLoad() throws Exception {
		SupervisorRollbacks.rollBackUnderLoad(this.supervisor, this.config, RELOAD_TIMEOUT, "Jetty");
	}

	/** SIGTERM stops the supervisor and its workers, and closes the socket. */
	@Test
	@Order(5)
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
	@Order(6)
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
	@Order(7)
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
