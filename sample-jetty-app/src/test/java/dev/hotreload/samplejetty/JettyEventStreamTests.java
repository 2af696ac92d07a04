package dev.hotreload.samplejetty;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;

import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.sampletest.EventStream;
import dev.hotreload.sampletest.TestHttpClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SSE stream on Jetty ends cleanly (its last chunk, not a cut) when its generation
 * drains, instead of holding the generation until the drain timeout; the client's next
 * stream is the new generation's.
 */
class JettyEventStreamTests {

	@Test
	void sseStreamEndsCleanlyAtAReloadAndTheNextStreamIsTheNewGenerations() throws Exception {
		ExecutorService readers = Executors.newCachedThreadPool();
		try (JettySample sample = JettySample.start(); CloseableHttpClient client = TestHttpClients.client(false)) {
			BlockingQueue<String> first = new LinkedBlockingQueue<>();
			Future<Integer> firstStream = readers.submit(() -> EventStream.read(client, sample.uri("/events"), first));
			assertThat(first.poll(30, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 1");
			assertThat(sample.reload().status()).isEqualTo(200);
			// Ends by itself, with the chunked stream's end: a cut stream throws here. The
			// bound only keeps a broken build from hanging; the drain timeout is 30 s.
			assertThat(firstStream.get(60, TimeUnit.SECONDS)).isPositive();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				DrainOutcome drain = sample.application().status().lastDrain();
				return drain != null && drain.generation() == 1;
			});
			assertThat(sample.application().status().lastDrain().forced()).isZero();
			BlockingQueue<String> second = new LinkedBlockingQueue<>();
			Future<Integer> secondStream = readers.submit(() -> EventStream.read(client, sample.uri("/events"), second));
			assertThat(second.poll(30, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 2");
			secondStream.cancel(true);
		}
		finally {
			readers.shutdownNow();
		}
	}

}
