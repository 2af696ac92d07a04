package dev.hotreload.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Real HTTP/1.1 load on the sample's {@code /hello}, each client a thread sending one
 * request after the other: clients on keep-alive connections, clients that open a new
 * connection per request, and slow requests that span a switch. Every failure a client
 * sees (refused, reset, no response, a status other than 200) counts as an error.
 */
final class LoadGenerator implements AutoCloseable {

	private static final int ERROR_EXAMPLES = 5;

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	// Distinct failure messages with their counts, so a failing run explains itself.
	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final long startedNanos = System.nanoTime();

	private long stoppedNanos;

	/**
	 * Starts the load at once.
	 * @param port the sample's port
	 * @param shape how many clients of each kind
	 */
	LoadGenerator(int port, LoadShape shape) {
		URI fast = URI.create("http://127.0.0.1:" + port + "/hello");
		URI slow = URI.create("http://127.0.0.1:" + port + "/hello?delay=" + shape.slowDelayMillis());
		for (int i = 0; i < shape.keepAliveClients(); i++) {
			start("keep-alive-" + i, HttpClientFactory.keepAlive(), fast);
		}
		for (int i = 0; i < shape.newConnectionClients(); i++) {
			start("new-connection-" + i, HttpClientFactory.newConnectionPerRequest(), fast);
		}
		for (int i = 0; i < shape.slowClients(); i++) {
			start("slow-" + i, HttpClientFactory.keepAlive(), slow);
		}
	}

	private void start(String name, CloseableHttpClient client, URI uri) {
		this.clients.add(client);
		Thread thread = new Thread(() -> {
			while (this.running.get()) {
				request(client, uri);
			}
		}, "load-" + name);
		this.threads.add(thread);
		thread.start();
	}

	private void request(CloseableHttpClient client, URI uri) {
		try {
			String failure = client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				return (response.getCode() == 200) ? null : "status " + response.getCode() + ": " + body.strip();
			});
			if (failure == null) {
				this.succeeded.incrementAndGet();
			}
			else {
				fail(failure);
			}
		}
		catch (Exception ex) {
			fail(ex.toString());
		}
	}

	private void fail(String failure) {
		this.failed.incrementAndGet();
		this.failures.computeIfAbsent(failure, (key) -> new AtomicLong()).incrementAndGet();
	}

	/**
	 * Stops the clients, letting each finish the request it is waiting for.
	 * @return what the clients saw
	 * @throws InterruptedException if interrupted while waiting for the clients
	 */
	LoadResult stop() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(120_000);
		}
		this.stoppedNanos = System.nanoTime();
		List<String> examples = this.failures.entrySet()
			.stream()
			.limit(ERROR_EXAMPLES)
			.map((entry) -> entry.getValue() + " x " + entry.getKey())
			.toList();
		return new LoadResult(this.succeeded.get(), this.failed.get(),
				Duration.ofNanos(this.stoppedNanos - this.startedNanos), examples);
	}

	@Override
	public void close() throws InterruptedException, IOException {
		if (this.running.get()) {
			stop();
		}
		for (CloseableHttpClient client : this.clients) {
			client.close();
		}
	}

}
