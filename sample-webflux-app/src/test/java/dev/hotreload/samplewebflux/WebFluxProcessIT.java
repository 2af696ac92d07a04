package dev.hotreload.samplewebflux;

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
import dev.hotreload.sampletest.IdleClients;
import dev.hotreload.sampletest.IdleHttp2Connection;
import dev.hotreload.sampletest.JobRuns;
import dev.hotreload.sampletest.LiveWorkerCount;
import dev.hotreload.sampletest.LoadTools;
import dev.hotreload.sampletest.MixedLoad;
import dev.hotreload.sampletest.TestHttpClients;
import dev.hotreload.sampletest.SampleSupervisor;
import dev.hotreload.sampletest.SupervisorRollbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process mode on Reactor Netty, end to end: {@code java -jar} of the WebFlux sample with
 * {@code --hotreload.mode=process --server.http2.enabled=true}, real worker JVMs, real
 * signals, real clients. The scenarios run in order on one supervisor (a supervisor and
 * its first worker cost more than a scenario), each from where the one before left it.
 * Each worker reads the external configuration file as it starts, so a scenario sets what
 * the worker it starts (and a later one retires) is to do: its drain timeout and mode, a
 * setting that fails its start, or health that goes down in its rollback window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebFluxProcessIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Worker JVMs start slowly on two shared, loaded cores. */
	private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(150);

	private static final String OPERATOR = "Basic "
			+ Base64.getEncoder().encodeToString("ops:change-me".getBytes(StandardCharsets.UTF_8));

	/**
	 * Reloads of the first scenario, under mixed load: 10 (generations 2 to 11), or
	 * {@code -Dsample.process.reloads=60} for the long series (run by hand; its figures are
	 * in docs/servers.md).
	 */
	private static final int RELOADS_UNDER_LOAD = Integer.getInteger("sample.process.reloads", 10);

	/** The worker the series' last reload starts, which the close-mode scenario retires. */
	private static final int CLOSE_MODE_WORKER = 1 + RELOADS_UNDER_LOAD;

	private static final int IDLE_CLIENTS = 40;

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
		Path jar = Files.copy(SampleSupervisor.packagedJar("sample-webflux-app"), temp.resolve("app.jar"));
		this.supervisor = SampleSupervisor.start(jar, List.of(H2load.accessLogOption()),
				"--spring.config.additional-location=optional:file:" + this.config + "/",
				"--server.http2.enabled=true", "--logging.level.dev.hotreload=DEBUG",
				"--management.endpoints.web.exposure.include=health,reload,metrics",
				"--hotreload.reload-timeout=" + RELOAD_TIMEOUT.toSeconds() + "s", "--sample.jobs.file=" + jobs())
			.awaitServing();
	}

	@AfterAll
	void stopSupervisor() throws IOException {
		if (this.supervisor != null) {
			this.supervisor.close();
		}
	}

	/**
	 * 10 reloads under mixed load (keep-alive, connection-per-request and slow clients, wrk
	 * and hey), with 40 pooled clients idling longer than the retiring workers' drain timeout
	 * (1.6 s against 1 s) beside them, fail no request, and each answer means the new worker
	 * serves: the POST's own keep-alive connection and every new connection reach it. Each
	 * idle connection is handed, still open, to the next worker: no idle client reconnects,
	 * and each is answered by every worker. At the first, the retiring
	 * worker closes its WebSocket session with 1001 and ends its SSE stream cleanly; the
	 * next ones are the new worker's. Each retiring worker drains by migrating, forcing
	 * nothing. Across the series the supervisor runs at most 2 workers, exactly 1 after each
	 * drain, and does not grow: its threads and descriptors after the 2nd and the 10th drain
	 * differ by 2 at most, so that a leak of one per reload shows.
	 */
	@Test
	@Order(1)
	void reloadsUnderMixedLoadAndIdleClientsFailNoRequestAndEndWebSocketsAndEventStreams() throws Exception {
		List<String> wrong = new ArrayList<>();
		List<JsonNode> drains = new ArrayList<>();
		SampleSupervisor.Resources early = null;
		SampleSupervisor.Resources late;
		HttpClient http = HttpClient.newHttpClient();
		ExecutorService readers = Executors.newSingleThreadExecutor();
		int last = 1 + RELOADS_UNDER_LOAD;
		// Every worker after the first drains with 1 s, shorter than the idle clients' pause.
		configure("hotreload.drain-timeout=1s");
		// Lighter than the context-mode tests' load: a worker JVM starts beside the serving one.
		// Slow requests of 300 ms span switches and end well within the drain timeout.
		MixedLoad load = MixedLoad.start(this.supervisor.port(), temp, 2, 1, 2, 300);
		// The POST is answered once the new worker serves: wait as long as the reload may take.
		try (LiveWorkerCount workers = new LiveWorkerCount(this.supervisor);
				CloseableHttpClient keepAlive = TestHttpClients.client(false, RELOAD_TIMEOUT);
				CloseableHttpClient pooled = TestHttpClients.client(false);
				IdleClients idle = new IdleClients(uri("/hello").toString(), IDLE_CLIENTS, IDLE_MILLIS)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> idle.allSaw("1"));
			EchoSocket echo = EchoSocket.open(http, this.supervisor.port());
			assertThat(echo.echo("hi")).isEqualTo("gen 1: hi");
			BlockingQueue<String> events = new LinkedBlockingQueue<>();
			Future<Integer> stream = readers.submit(() -> EventStream.read(pooled, uri("/events"), events));
			assertThat(events.poll(60, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 1");
			WebFluxSample.pause(1000);
			assertThat(generation(keepAlive, new HttpGet(uri("/hello")))).isEqualTo("1");
			for (int generation = 2; generation <= last; generation++) {
				String expected = String.valueOf(generation);
				if (generation == last) {
					// The last one drains in close mode in the close-mode scenario.
					configure("hotreload.drain-timeout=10s", "hotreload.drain.mode=close");
				}
				String answer = execute(keepAlive, reload());
				assertThat(answer).contains("\"outcome\":\"SUCCESS\"", "\"kind\":\"PROCESS\"");
				assertThat(json.readTree(answer).path("generation").asInt()).isEqualTo(generation);
				String onThePostsConnection = generation(keepAlive, new HttpGet(uri("/hello")));
				if (!expected.equals(onThePostsConnection)) {
					wrong.add("reload to " + generation + ": the POST's connection answered by generation "
							+ onThePostsConnection);
				}
				for (int i = 0; i < 3; i++) {
					String answered = this.supervisor.get("/hello").generation();
					if (!expected.equals(answered)) {
						wrong.add("reload to " + generation + ": new connection " + i + " answered by generation "
								+ answered);
					}
				}
				if (generation == 2) {
					// The bounds only keep a broken build from hanging: the drain timeout is 10 s.
					assertThat(echo.closed().get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
					// Ends by itself, with the chunked body's last chunk: a cut stream throws here.
					assertThat(stream.get(60, TimeUnit.SECONDS)).isPositive();
				}
				drains.add(this.supervisor.awaitRetired(generation - 1));
				// The retired worker has exited (the supervisor saw it) by the time the status says so.
				assertThat(this.supervisor.liveWorkers()).as("workers after the drain of " + (generation - 1))
					.hasSize(1);
				await().atMost(Duration.ofSeconds(60)).until(() -> idle.allSaw(expected));
				if (generation == 2) {
					EchoSocket again = EchoSocket.open(http, this.supervisor.port());
					assertThat(again.echo("again")).isEqualTo("gen 2: again");
					again.close();
					BlockingQueue<String> next = new LinkedBlockingQueue<>();
					Future<Integer> nextStream = readers.submit(() -> EventStream.read(pooled, uri("/events"), next));
					assertThat(next.poll(60, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 2");
					nextStream.cancel(true);
				}
				if (generation == 3) {
					early = this.supervisor.resources();
				}
			}
			late = this.supervisor.resources();
			idle.close();
			System.out.println("Reactor Netty process mode, " + IDLE_CLIENTS + " pooled clients idling " + IDLE_MILLIS
					+ " ms beside the load, drain timeout 1 s: " + idle.answered() + " requests, "
					+ idle.failures().size() + " failed, " + idle.reconnects() + " reconnects");
			assertThat(idle.failures()).isEmpty();
			assertThat(idle.reconnects()).isZero();
			List<String> all = IntStream.rangeClosed(1, last).mapToObj(String::valueOf).toList();
			assertThat(idle.generationsPerClient()).allSatisfy((seen) -> assertThat(seen).containsAll(all));
			System.out.println("Reactor Netty process mode, " + RELOADS_UNDER_LOAD + " reloads under mixed load: "
					+ "at most " + workers.max() + " workers alive; supervisor after the 2nd and the last drain: "
					+ "threads " + early.threads() + " -> " + late.threads() + ", descriptors " + early.descriptors()
					+ " -> " + late.descriptors());
			assertThat(workers.max()).as("workers alive at once: " + workers.atMax()).isBetween(1, 2);
		}
		finally {
			load.close();
			readers.shutdownNow();
		}
		System.out.println("Reactor Netty process mode, " + RELOADS_UNDER_LOAD + " reloads under mixed load: "
				+ load.summary() + "; generations " + load.generationsSeen() + "; drains " + drains);
		if (!wrong.isEmpty()) {
			// To diagnose: the workers log what the connection tracker did (DEBUG).
			Files.writeString(Path.of("target", "webflux-process-supervisor.log"), this.supervisor.log());
		}
		assertThat(wrong).isEmpty();
		assertThat(load.failures()).isEmpty();
		assertThat(load.wrkRequests()).as("wrk's requests").isPositive();
		assertThat(load.heyResponses()).as("hey's responses").isPositive();
		assertThat(load.generationsSeen())
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, last).boxed().toList());
		// Each idle client's connection, handed over (busy ones once their request ends).
		assertThat(drains).hasSize(RELOADS_UNDER_LOAD).allSatisfy((drain) -> {
			assertThat(drain.get("mode").asText()).isEqualTo("MIGRATE");
			assertThat(drain.get("forced").asInt()).isZero();
		});
		assertThat(drains.stream().mapToInt((drain) -> drain.get("migrated").asInt()).sum())
			.as("connections migrated").isGreaterThanOrEqualTo(RELOADS_UNDER_LOAD * IDLE_CLIENTS);
		assertThat(late.threads()).as("supervisor threads").isLessThanOrEqualTo(early.threads() + 2);
		assertThat(late.descriptors()).as("supervisor descriptors").isLessThanOrEqualTo(early.descriptors() + 2);
	}

	/**
	 * A worker swap with the retiring worker in drain mode {@code close}, under h2load over
	 * h2c: its HTTP/2 connections get GOAWAY as it is told to retire, h2load stops sending,
	 * and every stream that reached a worker is answered 2xx (the workers' access log holds
	 * exactly what h2load counts succeeded, all 200); an h2c connection that opens no stream
	 * gets GOAWAY 2^31-1, then GOAWAY 0 and the server's close. Its HTTP/1.1 keep-alive
	 * connections do not move: the reload's own answer says {@code Connection: close} and
	 * its connection closes; an idle one is closed at the drain timeout, the one connection
	 * forced.
	 */
	@Test
	@Order(2)
	void inCloseModeKeepAliveEndsAndEveryHttp2StreamSentBeforeTheGoAwayIsAnswered() throws Exception {
		String path = "/hello?delay=200";
		ExecutorService readers = Executors.newSingleThreadExecutor();
		try (KeepAliveSocket operator = new KeepAliveSocket(this.supervisor.port());
				KeepAliveSocket idle = new KeepAliveSocket(this.supervisor.port());
				IdleHttp2Connection idleHttp2 = new IdleHttp2Connection(this.supervisor.port())) {
			String retiring = String.valueOf(CLOSE_MODE_WORKER);
			assertThat(operator.get("/hello").generation()).isEqualTo(retiring);
			assertThat(idle.get("/hello").generation()).isEqualTo(retiring);
			Future<List<IdleHttp2Connection.GoAway>> goAways = readers.submit(idleHttp2::goAwaysUntilClosed);
			H2load h2load = H2load.start(temp.resolve("h2load.txt"), this.supervisor.url(path), 10_000, 2, 4, 20);
			WebFluxSample.pause(1000);
			assertThat(h2load.isRunning()).as("h2load running at the swap").isTrue();
			configure("hotreload.drain-timeout=10s");

			KeepAliveSocket.Reply answer = operator.post("/actuator/reload", OPERATOR,
					(int) RELOAD_TIMEOUT.plusSeconds(30).toMillis());
			assertThat(answer.body()).contains("\"outcome\":\"SUCCESS\"",
					"\"generation\":" + (CLOSE_MODE_WORKER + 1));
			assertThat(answer.generation()).isEqualTo(retiring);
			assertThat(answer.saysClose()).as("the reload's answer says Connection: close").isTrue();
			assertThat(operator.closedByServerWithin(30_000)).isTrue();

			JsonNode drain = this.supervisor.awaitRetired(CLOSE_MODE_WORKER);
			LoadTools.H2load run = h2load.await();
			List<IdleHttp2Connection.GoAway> idleGoAways = goAways.get(60, TimeUnit.SECONDS);
			System.out.println("Reactor Netty process mode, h2load across a worker swap: " + run.started()
					+ " streams sent, " + run.succeeded() + " succeeded, " + run.status2xx() + " 2xx, of " + run.total()
					+ "; idle h2c connection's GOAWAYs " + idleGoAways + "; " + drain);
			assertThat(idle.closedByServerWithin(1000)).as("the idle keep-alive connection closed").isTrue();
			assertThat(drain.get("mode").asText()).isEqualTo("CLOSE");
			assertThat(drain.get("migrated").asInt()).isZero();
			assertThat(drain.get("forced").asInt()).as("the idle HTTP/1.1 connection only").isOne();
			assertThat(run.protocol()).isEqualTo("h2c");
			assertThat(run.started()).as("h2load stopped at the GOAWAY").isLessThan(run.total()).isPositive();
			assertThat(run.status2xx()).as(run.report()).isEqualTo(run.succeeded());
			assertThat(H2load.http2Answers(this.supervisor.log(), path)).hasSize((int) run.succeeded())
				.containsOnly("200");
			assertThat(idleGoAways).containsExactly(new IdleHttp2Connection.GoAway(Integer.MAX_VALUE, 0),
					new IdleHttp2Connection.GoAway(0, 0));
		}
		finally {
			readers.shutdownNow();
		}
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo(String.valueOf(CLOSE_MODE_WORKER + 1));
	}

	/** A worker that fails to start leaves the serving one serving, and says why. */
	@Test
	@Order(3)
	void aWorkerThatFailsToStartLeavesTheServingOneServing() throws Exception {
		List<Long> serving = this.supervisor.workerPids();
		configure("server.shutdown=sometimes");
		try (CloseableHttpClient client = TestHttpClients.client(true, RELOAD_TIMEOUT)) {
			int status = client.execute(reload(), (response) -> response.getCode());
			assertThat(status).isEqualTo(500);
		}
		finally {
			configure("hotreload.drain-timeout=10s");
		}
		JsonNode status = this.supervisor.status();
		assertThat(status.path("lastReload").path("outcome").asText()).isEqualTo("FAILURE");
		assertThat(status.path("lastReload").path("error").asText()).contains("exited with code 1");
		assertThat(this.supervisor.workerPids()).isEqualTo(serving);
		assertThat(this.supervisor.get("/hello").generation()).isEqualTo(String.valueOf(CLOSE_MODE_WORKER + 1));
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
		SupervisorRollbacks.rollBackUnderLoad(this.supervisor, this.config, RELOAD_TIMEOUT, "Reactor Netty");
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

	private URI uri(String path) {
		return URI.create(this.supervisor.url(path));
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
		JobRuns.assertOneWorkerAtATimeAcrossSwaps(jobs(), this.supervisor.log(), "Reactor Netty");
	}

	private static Path jobs() {
		return temp.resolve("jobs.jsonl");
	}

	private void configure(String... properties) throws IOException {
		Files.write(this.config.resolve("application.properties"), List.of(properties));
	}

	private HttpPost reload() {
		HttpPost post = new HttpPost(uri("/actuator/reload"));
		post.setHeader("Authorization", OPERATOR);
		return post;
	}

	private static String execute(CloseableHttpClient client, HttpUriRequestBase request) throws IOException {
		return client.execute(request, (response) -> EntityUtils.toString(response.getEntity()));
	}

	private static String generation(CloseableHttpClient client, HttpUriRequestBase request) throws IOException {
		return client.execute(request, (response) -> {
			EntityUtils.consume(response.getEntity());
			return response.getFirstHeader(WebFluxSample.GENERATION_HEADER).getValue();
		});
	}

}
