package dev.hotreload.samplejetty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hotreload.context.Generation;
import dev.hotreload.reload.DrainOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket sessions on Jetty, a Spring {@code WebSocketHandler}'s ({@code /ws/echo}, Jetty's
 * WebSocket container) and a Jakarta {@code @ServerEndpoint}'s ({@code /ws/jakarta-echo},
 * Jetty's Jakarta container), are closed with 1001 (going away) when their generation
 * drains, instead of holding the generation until the drain timeout; the client's next
 * sessions are the new generation's.
 */
class JettyWebSocketTests {

	@Test
	void sessionsAreClosedWithGoingAwayAtAReloadAndTheNextOnesAreTheNewGenerations() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		try (JettySample sample = JettySample.start()) {
			Echo first = Echo.connect(http, sample, "/ws/echo");
			Echo firstJakarta = Echo.connect(http, sample, "/ws/jakarta-echo");
			assertThat(first.echo("hi")).isEqualTo("gen 1: hi");
			assertThat(firstJakarta.echo("hi")).isEqualTo("jakarta: hi");
			assertThat(sample.reload().status()).isEqualTo(200);
			// The bound only keeps a broken build from hanging; the drain timeout is 30 s.
			assertThat(first.closed.get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
			assertThat(firstJakarta.closed.get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
			// Its drain is reported a moment before the generation is closed and gone.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				DrainOutcome drain = sample.application().status().lastDrain();
				return drain != null && drain.generation() == 1
						&& sample.application().status().generations().size() == 1;
			});
			assertThat(sample.application().status().lastDrain().forced()).isZero();
			// Generation 1 is closed: whatever answers now is generation 2.
			assertThat(sample.application().generations()).extracting(Generation::number).containsExactly(2);
			Echo second = Echo.connect(http, sample, "/ws/echo");
			Echo secondJakarta = Echo.connect(http, sample, "/ws/jakarta-echo");
			assertThat(second.echo("again")).isEqualTo("gen 2: again");
			assertThat(secondJakarta.echo("again")).isEqualTo("jakarta: again");
			second.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
			secondJakarta.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * A JDK WebSocket client: what it received, and how its session closed.
	 */
	private static final class Echo implements WebSocket.Listener {

		private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final CompletableFuture<String> closed = new CompletableFuture<>();

		private WebSocket socket;

		static Echo connect(HttpClient http, JettySample sample, String path) throws Exception {
			Echo echo = new Echo();
			echo.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + sample.port() + path), echo)
				.get(30, TimeUnit.SECONDS);
			return echo;
		}

		String echo(String text) throws Exception {
			this.socket.sendText(text, true).get(10, TimeUnit.SECONDS);
			return this.received.poll(30, TimeUnit.SECONDS);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.received.add(data.toString());
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode + " " + reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete("error " + error);
		}

	}

}
