package dev.hotreload.sample;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Real HTTP/1.1 load on the sample's {@code /hello}: clients on keep-alive connections,
 * clients that open a new connection for every request, and slow requests. Every failure
 * a client sees (refused, reset, no response, status other than 200) is recorded.
 */
final class LoadGenerator implements AutoCloseable {

	private static final Pattern GENERATION = Pattern.compile("from generation (\\d+)");

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final Map<Integer, AtomicLong> byGeneration = new ConcurrentHashMap<>();

	LoadGenerator(int port, int keepAliveClients, int newConnectionClients, int slowClients, long slowDelayMillis) {
		URI fast = URI.create("http://127.0.0.1:" + port + "/hello");
		URI slow = URI.create("http://127.0.0.1:" + port + "/hello?delay=" + slowDelayMillis);
		for (int i = 0; i < keepAliveClients; i++) {
			start("keep-alive-" + i, RunningSample.client(false), fast);
		}
		for (int i = 0; i < newConnectionClients; i++) {
			start("new-connection-" + i, RunningSample.client(true), fast);
		}
		for (int i = 0; i < slowClients; i++) {
			start("slow-" + i, RunningSample.client(false), slow);
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
			client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				if (response.getCode() != 200) {
					this.failures.add("status " + response.getCode() + ": " + body.strip());
					return null;
				}
				Matcher matcher = GENERATION.matcher(body);
				if (!matcher.find()) {
					this.failures.add("unexpected body: " + body.strip());
					return null;
				}
				this.byGeneration.computeIfAbsent(Integer.parseInt(matcher.group(1)), (g) -> new AtomicLong())
					.incrementAndGet();
				this.succeeded.incrementAndGet();
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
