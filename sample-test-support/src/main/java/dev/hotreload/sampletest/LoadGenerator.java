package dev.hotreload.sampletest;

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
 * Real HTTP/1.1 load on the sample: clients on keep-alive connections, clients that open a
 * new connection for every request, and slow requests to {@code /hello}. Every failure a
 * client sees (refused, reset, no response, status other than 200) is recorded, and every
 * answer's generation, from its {@code X-App-Generation} header.
 */
public final class LoadGenerator implements AutoCloseable {

	/** The response header that names the build of the code that answered, where a sample sets it. */
	public static final String BUILD_HEADER = "X-Sample-Build";

	/**
	 * What a fast client waits between two requests: about a hundred requests a second
	 * each, so that with a handful of clients a request is in flight and a connection opens
	 * at every moment of a switch, without taking the cores from the reload, or from a test
	 * running beside it. At 1 to 2 ms, the load of one process-mode test took a fifth of its
	 * CPU time (ProcessReloadIT: 127 CPU-s, 105 at 20 ms) on a machine whose two cores the
	 * test run keeps busy.
	 */
	private static final long PAUSE_MILLIS = 10;

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final Map<Integer, AtomicLong> byGeneration = new ConcurrentHashMap<>();

	private final Set<String> builds = ConcurrentHashMap.newKeySet();

	public LoadGenerator(int port, int keepAliveClients, int newConnectionClients, int slowClients,
			long slowDelayMillis) {
		this(port, "/hello", keepAliveClients, newConnectionClients);
		URI slow = URI.create("http://127.0.0.1:" + port + "/hello?delay=" + slowDelayMillis);
		for (int i = 0; i < slowClients; i++) {
			start("slow-" + i, TestHttpClients.client(false), slow, 0);
		}
	}

	public LoadGenerator(int port, String path, int keepAliveClients, int newConnectionClients) {
		URI fast = URI.create("http://127.0.0.1:" + port + path);
		for (int i = 0; i < keepAliveClients; i++) {
			start("keep-alive-" + i, TestHttpClients.client(false), fast, PAUSE_MILLIS);
		}
		for (int i = 0; i < newConnectionClients; i++) {
			start("new-connection-" + i, TestHttpClients.client(true), fast, PAUSE_MILLIS);
		}
	}

	private void start(String name, CloseableHttpClient client, URI uri, long pauseMillis) {
		this.clients.add(client);
		Thread thread = new Thread(() -> {
			LoadPriority.lowerThisThread();
			while (this.running.get()) {
				request(client, uri);
				if (pauseMillis > 0) {
					pause(pauseMillis);
				}
			}
		}, "load-" + name);
		this.threads.add(thread);
		thread.start();
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void request(CloseableHttpClient client, URI uri) {
		try {
			client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				if (response.getCode() != 200) {
					this.failures.add("status " + response.getCode() + ": " + body.strip());
					return null;
				}
				Header generation = response.getFirstHeader("X-App-Generation");
				if (generation == null) {
					this.failures.add("no X-App-Generation header: " + body.strip());
					return null;
				}
				this.byGeneration.computeIfAbsent(Integer.parseInt(generation.getValue()), (g) -> new AtomicLong())
					.incrementAndGet();
				Header build = response.getFirstHeader(BUILD_HEADER);
				if (build != null) {
					this.builds.add(build.getValue());
				}
				this.succeeded.incrementAndGet();
				return null;
			});
		}
		catch (Exception ex) {
			this.failures.add(ex.toString());
		}
	}

	public long succeeded() {
		return this.succeeded.get();
	}

	public List<String> failures() {
		return List.copyOf(this.failures);
	}

	public Set<Integer> generationsSeen() {
		return Set.copyOf(this.byGeneration.keySet());
	}

	/**
	 * The builds of the code that answered, from the {@code X-Sample-Build} header.
	 */
	public Set<String> buildsSeen() {
		return Set.copyOf(this.builds);
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
