package dev.hotreload.samplejetty;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Real HTTP/1.1 load on {@code /hello}: clients on keep-alive connections, clients that
 * open a connection per request, and slow requests. Every failure a client sees (refused,
 * reset, no response, a status other than 200, no generation header) is recorded, and the
 * generation of every answer.
 */
final class MixedLoad implements AutoCloseable {

	// A few hundred requests a second per fast client: a request in flight and a connection
	// opening at every moment of a switch, with the cores left to the reload.
	private static final long PAUSE_MILLIS = 2;

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final Map<Integer, AtomicLong> byGeneration = new ConcurrentHashMap<>();

	MixedLoad(int port, int keepAliveClients, int newConnectionClients, int slowClients, long slowMillis) {
		URI fast = URI.create("http://127.0.0.1:" + port + "/hello");
		URI slow = URI.create("http://127.0.0.1:" + port + "/hello?delay=" + slowMillis);
		for (int i = 0; i < keepAliveClients; i++) {
			start("keep-alive-" + i, JettySample.client(false), fast, PAUSE_MILLIS);
		}
		for (int i = 0; i < newConnectionClients; i++) {
			start("new-connection-" + i, JettySample.client(true), fast, PAUSE_MILLIS);
		}
		for (int i = 0; i < slowClients; i++) {
			start("slow-" + i, JettySample.client(false), slow, 0);
		}
	}

	private void start(String name, CloseableHttpClient client, URI uri, long pauseMillis) {
		this.clients.add(client);
		Thread thread = new Thread(() -> {
			while (this.running.get()) {
				request(client, uri);
				if (pauseMillis > 0) {
					JettySample.sleep(pauseMillis);
				}
			}
		}, "load-" + name);
		this.threads.add(thread);
		thread.start();
	}

	private void request(CloseableHttpClient client, URI uri) {
		try {
			client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				Header generation = response.getFirstHeader("X-App-Generation");
				if (response.getCode() != 200 || generation == null) {
					this.failures.add("status " + response.getCode() + ", generation " + generation + ": " + body.strip());
				}
				else {
					this.byGeneration.computeIfAbsent(Integer.parseInt(generation.getValue()), (g) -> new AtomicLong())
						.incrementAndGet();
					this.succeeded.incrementAndGet();
				}
				return null;
			});
		}
		catch (Exception ex) {
			this.failures.add(ex.toString());
		}
	}

	long succeeded() {
		return this.succeeded.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	Set<Integer> generationsSeen() {
		return Set.copyOf(this.byGeneration.keySet());
	}

	@Override
	public void close() throws Exception {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(30_000);
		}
		for (CloseableHttpClient client : this.clients) {
			client.close();
		}
	}

}
