package dev.hotreload.samplejetty;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hotreload.context.Generation;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.EchoSocket;

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
			EchoSocket first = EchoSocket.open(http, sample.port());
			EchoSocket firstJakarta = EchoSocket.open(http, sample.port(), "/ws/jakarta-echo");
			assertThat(first.echo("hi")).isEqualTo("gen 1: hi");
			assertThat(firstJakarta.echo("hi")).isEqualTo("jakarta: hi");
			assertThat(sample.reload().status()).isEqualTo(200);
			// The bound only keeps a broken build from hanging; the drain timeout is 30 s.
			assertThat(first.closed().get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
			assertThat(firstJakarta.closed().get(60, TimeUnit.SECONDS)).isEqualTo("1001 server reloading");
			// Its drain is reported a moment before the generation is closed and gone.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				DrainOutcome drain = sample.application().status().lastDrain();
				return drain != null && drain.generation() == 1
						&& sample.application().status().generations().size() == 1;
			});
			assertThat(sample.application().status().lastDrain().forced()).isZero();
			// Generation 1 is closed: whatever answers now is generation 2.
			assertThat(sample.application().generations()).extracting(Generation::number).containsExactly(2);
			EchoSocket second = EchoSocket.open(http, sample.port());
			EchoSocket secondJakarta = EchoSocket.open(http, sample.port(), "/ws/jakarta-echo");
			assertThat(second.echo("again")).isEqualTo("gen 2: again");
			assertThat(secondJakarta.echo("again")).isEqualTo("jakarta: again");
			second.close();
			secondJakarta.close();
		}
	}

}
