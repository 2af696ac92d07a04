package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The live generations are counted from the JSON of {@code GET /actuator/reload}; the
 * generation that answers {@code GET /hello} is read from a real HTTP server's answer.
 */
class SampleClientTests {

	@Test
	void countsTheGenerationsTheStatusLists() throws IOException {
		String status = """
				{"supported":true,"currentGeneration":3,"reloadRequested":false,"reloadInProgress":false,
				 "generations":[
				   {"generation":2,"state":"DRAINING","pid":4242,"startTime":"2026-01-01T10:00:00Z",
				    "uptimeSeconds":12,"inFlightRequests":1,"openConnections":2},
				   {"generation":3,"state":"ACTIVE","pid":4242,"startTime":"2026-01-01T10:00:10Z",
				    "uptimeSeconds":2,"inFlightRequests":0,"openConnections":1}],
				 "lastReload":{"generation":3,"outcome":"SUCCESS","durationMillis":800,"startupMillis":600},
				 "listeners":[{"name":"server","address":"0.0.0.0:8080","shared":true}]}""";
		assertThat(SampleClient.generations(status)).isEqualTo(2);
	}

	@Test
	void readsTheWorkersOfProcessMode() throws IOException {
		String status = """
				{"supported":true,"mode":"PROCESS","currentGeneration":2,"reloadRequested":false,
				 "reloadInProgress":false,
				 "generations":[{"generation":2,"state":"ACTIVE","pid":20552,"startTime":"2026-12-01T08:11:00Z",
				   "uptimeSeconds":1,"inFlightRequests":1,"openConnections":1}],
				 "lastReload":null,"listeners":[{"name":"server","address":"/[0:0:0:0:0:0:0:0]:19091","shared":true}],
				 "supervisor":{"pid":20224,"startTime":"2026-12-01T08:10:47.788Z"},
				 "workers":[{"generation":1,"pid":20254,"state":"DRAINING","startTime":"2026-12-01T08:10:47.814Z",
				   "uptimeSeconds":13},
				  {"generation":2,"pid":20552,"state":"ACTIVE","startTime":"2026-12-01T08:10:54.263Z",
				   "uptimeSeconds":6}]}""";
		assertThat(SampleClient.workers(status)).containsExactly(new SampleClient.Worker(1, 20254, "DRAINING"),
				new SampleClient.Worker(2, 20552, "ACTIVE"));
		assertThat(SampleClient.workers("{\"supported\":true,\"generations\":[]}")).isEmpty();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> SampleClient.workers("<html>oops</html>"));
	}

	@Test
	void statusWithoutGenerationsCountsNone() throws IOException {
		assertThat(SampleClient.generations("{\"supported\":false,\"generations\":[]}")).isZero();
		assertThat(SampleClient.generations("{\"status\":404,\"error\":\"Not Found\"}")).isZero();
	}

	@Test
	void statusThatIsNotJsonIsAnError() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> SampleClient.generations("<html>oops</html>"))
			.withMessageContaining("<html>oops</html>");
	}

	@Test
	void helloGenerationIsTheHeaderElseTheBodysWhateverTheGreeting() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/hello", (exchange) -> {
			// The Jetty sample's greeting: first without the header the samples set, then with it.
			boolean withHeader = requests.incrementAndGet() > 1;
			byte[] body = "Hello from Jetty, generation 3\n".getBytes(StandardCharsets.UTF_8);
			if (withHeader) {
				exchange.getResponseHeaders().add("X-App-Generation", "4");
			}
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try (SampleClient client = new SampleClient(server.getAddress().getPort())) {
			assertThat(client.helloGeneration()).isEqualTo(3);
			assertThat(client.helloGeneration()).isEqualTo(4);
		}
		finally {
			server.stop(0);
		}
	}

}
