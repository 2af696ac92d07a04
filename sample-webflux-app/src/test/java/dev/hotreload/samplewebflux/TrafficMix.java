package dev.hotreload.samplewebflux;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import dev.hotreload.sampletest.TestHttpClients;

/**
 * HTTP/1.1 clients that keep {@code /hello} busy until closed, each on a thread of its own:
 * some on keep-alive connections, some opening a connection per request, some with slow
 * requests. Every request that does not end in a 200 naming its generation is a failure,
 * with what the client saw.
 */
final class TrafficMix implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private volatile boolean stopped;

	private final AtomicLong answered = new AtomicLong();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final SortedMap<Integer, AtomicLong> perGeneration = new ConcurrentSkipListMap<>();

	/**
	 * Starts the clients.
	 * @param uris the sample's URI for a path
	 * @param keepAlive clients on keep-alive connections, a request every 2 ms
	 * @param connectionPerRequest clients that open a connection per request, every 2 ms
	 * @param slow clients on keep-alive connections whose requests take {@code slowMillis}
	 * @param slowMillis how long a slow request takes
	 */
	TrafficMix(Function<String, URI> uris, int keepAlive, int connectionPerRequest, int slow, long slowMillis) {
		for (int i = 0; i < keepAlive; i++) {
			run("keep-alive-" + i, true, uris.apply("/hello"), 2);
		}
		for (int i = 0; i < connectionPerRequest; i++) {
			run("connection-per-request-" + i, false, uris.apply("/hello"), 2);
		}
		for (int i = 0; i < slow; i++) {
			run("slow-" + i, true, uris.apply("/hello?delay=" + slowMillis), 0);
		}
	}

	private void run(String name, boolean keepAlive, URI uri, long pauseMillis) {
		CloseableHttpClient client = TestHttpClients.client(!keepAlive);
		this.clients.add(client);
		Thread thread = new Thread(() -> {
			while (!this.stopped) {
				send(client, uri);
				if (pauseMillis > 0) {
					WebFluxSample.pause(pauseMillis);
				}
			}
		}, "traffic-" + name);
		this.threads.add(thread);
		thread.start();
	}

	private void send(CloseableHttpClient client, URI uri) {
		try {
			client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				Header generation = response.getFirstHeader(WebFluxSample.GENERATION_HEADER);
				if (response.getCode() == 200 && generation != null) {
					this.perGeneration.computeIfAbsent(Integer.valueOf(generation.getValue()), (key) -> new AtomicLong())
						.incrementAndGet();
					this.answered.incrementAndGet();
				}
				else {
					this.failures.add(response.getCode() + " (generation " + generation + "): " + body.strip());
				}
				return null;
			});
		}
		catch (Exception ex) {
			this.failures.add(uri + ": " + ex);
		}
	}

	long answered() {
		return this.answered.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	/** The generations that answered, lowest first. */
	List<Integer> generations() {
		return List.copyOf(this.perGeneration.keySet());
	}

	@Override
	public void close() throws Exception {
		this.stopped = true;
		for (Thread thread : this.threads) {
			thread.join(60_000);
		}
		for (CloseableHttpClient client : this.clients) {
			client.close();
		}
	}

}
