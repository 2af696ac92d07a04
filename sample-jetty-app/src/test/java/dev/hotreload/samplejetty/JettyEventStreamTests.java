package dev.hotreload.samplejetty;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.Test;

import dev.hotreload.reload.DrainOutcome;
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
			Future<Long> firstStream = readers.submit(() -> read(client, sample, first));
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
			Future<Long> secondStream = readers.submit(() -> read(client, sample, second));
			assertThat(second.poll(30, TimeUnit.SECONDS)).isEqualTo("data:tick 1 from generation 2");
			secondStream.cancel(true);
		}
		finally {
			readers.shutdownNow();
		}
	}

	/**
	 * Reads a stream's data lines until it ends.
	 * @return how many data lines it had
	 */
	private static long read(CloseableHttpClient client, JettySample sample, BlockingQueue<String> data)
			throws Exception {
		return client.execute(new HttpGet(sample.uri("/events")), (response) -> {
			assertThat(response.getCode()).isEqualTo(200);
			long lines = 0;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith("data:")) {
						data.add(line);
						lines++;
					}
				}
			}
			return lines;
		});
	}

}
