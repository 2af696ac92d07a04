package dev.hotreload.benchmarks.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generation that answers {@code GET /hello} is read from a real HTTP server's answer.
 */
class SampleClientTests {

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
