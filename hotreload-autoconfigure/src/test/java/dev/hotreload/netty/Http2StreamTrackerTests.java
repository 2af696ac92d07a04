package dev.hotreload.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.sampletest.LoadTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Http2StreamTracker} on real Reactor Netty servers over h2c, the way a generation's
 * server has it (a child observer): streams count in flight and as responses, 5xx apart,
 * and name the generation, each once however many share a connection. What following
 * them costs a server's throughput is measured by the benchmark harness
 * ({@code ServingCostBenchmark}), not here.
 */
class Http2StreamTrackerTests {

	private static final String HEADER = "X-App-Generation";

	@TempDir
	Path work;

	private final List<DisposableServer> servers = new ArrayList<>();

	private SharedListener listener;

	private NettyGenerationConnector connector;

	private int runs;

	@BeforeEach
	void connector() throws IOException {
		// The connector's own listener, never accepting: the servers here bind their own ports.
		this.listener = SharedListener.bind("server", new InetSocketAddress("127.0.0.1", 0), 50, false);
		this.connector = new NettyGenerationConnector(7, this.listener, new NoHandOff(), HEADER, true);
	}

	@AfterEach
	void close() throws IOException {
		this.servers.forEach(DisposableServer::disposeNow);
		this.listener.close();
	}

	@Test
	void streamsCountInFlightAndAsResponsesAndNameTheGeneration() throws Exception {
		Sinks.One<String> release = Sinks.one();
		DisposableServer server = server(true, release.asMono());
		HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
		// The first request upgrades its connection (Upgrade: h2c) and is answered on stream 1.
		for (String path : List.of("/hello", "/hello", "/fail")) {
			HttpResponse<String> response = h2c.send(request(server, path), BodyHandlers.ofString());
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.headers().firstValue(HEADER)).contains("7");
		}
		CompletableFuture<HttpResponse<String>> slow = h2c.sendAsync(request(server, "/slow"), BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(60)).until(() -> this.connector.inFlightRequests() == 1);
		assertThat(slow).isNotDone();
		release.tryEmitValue("slow\n");
		HttpResponse<String> answered = slow.get(60, TimeUnit.SECONDS);
		assertThat(answered.body()).isEqualTo("slow\n");
		assertThat(answered.headers().firstValue(HEADER)).contains("7");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.connector.responses() >= 4);
		assertThat(this.connector.inFlightRequests()).isZero();
		assertThat(this.connector.responses()).isEqualTo(4);
		assertThat(this.connector.serverErrors()).isEqualTo(1);
	}

	/**
	 * Streams of h2load's connections, many at once on each, are each counted once: the
	 * responses and nothing left in flight.
	 */
	@Test
	void everyStreamOfManyConcurrentOnesIsCountedOnce() throws Exception {
		LoadTools.install();
		DisposableServer tracked = server(true, Mono.never());
		int requests = 10_000;
		h2load(tracked, requests);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.connector.inFlightRequests() == 0);
		assertThat(this.connector.responses()).isEqualTo(requests);
		assertThat(this.connector.serverErrors()).isZero();
	}

	private LoadTools.H2load h2load(DisposableServer server, int requests) throws Exception {
		Path output = this.work.resolve("h2load-" + this.runs++ + ".txt");
		Process process = LoadTools.start(List.of("h2load", "-n", Integer.toString(requests), "-c", "2", "-m", "10",
				"http://127.0.0.1:" + server.port() + "/hello"), output);
		LoadTools.H2load run = LoadTools.H2load
			.parse(LoadTools.awaitReport(process, output, Duration.ofMinutes(3)));
		assertThat(run.protocol()).isEqualTo("h2c");
		assertThat(run.succeeded()).as(run.report()).isEqualTo(requests);
		assertThat(run.status2xx()).as(run.report()).isEqualTo(requests);
		return run;
	}

	private DisposableServer server(boolean tracked, Mono<String> slow) {
		HttpServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
			.route((routes) -> routes.get("/hello", (request, response) -> response.sendString(Mono.just("hello\n")))
				.get("/fail", (request, response) -> response.status(503).sendString(Mono.just("unavailable\n")))
				.get("/slow", (request, response) -> response.sendString(slow)));
		if (tracked) {
			server = server.childObserve(Http2StreamTracker.observer(this.connector, HEADER));
		}
		DisposableServer bound = server.bindNow();
		this.servers.add(bound);
		return bound;
	}

	private static HttpRequest request(DisposableServer server, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
			.timeout(Duration.ofSeconds(60))
			.build();
	}

	private static final class NoHandOff implements ConnectionHandOff {

		@Override
		public boolean canTakeFrom(GenerationConnector from) {
			return false;
		}

		@Override
		public void handOff(SocketChannel connection, @Nullable Object carried) {
			throw new IllegalStateException("Nothing moves here");
		}

	}

}
