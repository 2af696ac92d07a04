package dev.hotreload.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.sampletest.RawHttpConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a drain ends keep-alive, a request already in flight is answered with
 * {@code Connection: close} and its connection closes, although Tomcat decided keep-alive
 * for it as it began: its client's next request then goes on a new connection, to
 * whichever generation serves. Real Tomcat, real sockets; keep-alive ended on the serving
 * generation's connector directly, so that the request is in flight for sure.
 */
class KeepAliveEndTests {

	@Test
	void aRequestInFlightWhenKeepAliveEndsClosesItsConnection() throws Exception {
		try (RunningSample sample = RunningSample.start();
				RawHttpConnection connection = new RawHttpConnection(sample.port())) {
			Generation serving = sample.application().generations().get(0);
			assertThat(connection.exchange("/hello").headers()).doesNotContainKey("connection");
			connection.send(RawHttpConnection.get("/hello?delay=1500"));
			await().atMost(Duration.ofSeconds(10)).until(() -> serving.inFlightRequests() == 1);
			serving.connectors().forEach(GenerationConnector::stopKeepAlive);
			try {
				RawHttpConnection.Response inFlight = connection.read();
				assertThat(inFlight.status()).isEqualTo(200);
				assertThat(inFlight.headers()).containsEntry("connection", "close");
				assertThat(connection.closedByServer(5000)).isTrue();
			}
			finally {
				serving.connectors().forEach(GenerationConnector::resumeServing);
			}
			// Keep-alive is back: the next connection's responses keep it open.
			try (RawHttpConnection next = new RawHttpConnection(sample.port())) {
				assertThat(next.exchange("/hello").headers()).doesNotContainKey("connection");
				assertThat(next.closedByServer(200)).isFalse();
			}
		}
	}

}
