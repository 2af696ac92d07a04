package dev.hotreload.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Real HTTP/1.1 load on the sample's {@code /hello}, each client a thread sending one
 * request after the other: clients on keep-alive connections, clients that open a new
 * connection per request, and slow requests that span a switch. Every failure a client
 * sees (refused, reset, no response, a status other than 200) counts as an error.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final int ERROR_EXAMPLES = 5;

	// The sample's /hello body: "<greeting> from generation <N>".
	private static final Pattern GENERATION = Pattern.compile("from generation (\\d+)");

	private final List<Thread> threads = new ArrayList<>();

	private final List<CloseableHttpClient> clients = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	// Distinct failure messages with their counts, so a failing run explains itself.
	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final long startedNanos = System.nanoTime();

	private final RequestListener listener;

	private final long pauseAfterErrorMillis;

	/**
	 * What a client waits between two requests: nothing in a benchmark. The harness's own
	 * tests set {@code hotreload.benchmarks.client-pause-millis} (the module's build does),
	 * so that they check what the harness does with the cores left to the JVMs they start.
	 */
	private static final long CLIENT_PAUSE_MILLIS = Long.getLong("hotreload.benchmarks.client-pause-millis", 0);

	private long stoppedNanos;

	/**
	 * Starts the load at once.
	 * @param port the sample's port
	 * @param shape how many clients of each kind
	 */
	public LoadGenerator(int port, LoadShape shape) {
		this(port, shape, RequestListener.NONE, 0);
	}

	/**
	 * Starts the load at once, telling a listener about every request.
	 * @param port the sample's port
	 * @param shape how many clients of each kind
	 * @param listener told about each request as it ends, on the client's thread
	 * @param pauseAfterErrorMillis how long a client waits after a failed request before
	 * the next one, so that a port nobody listens on is not hammered by a tight loop of
	 * refused connections (0: no pause)
	 */
	public LoadGenerator(int port, LoadShape shape, RequestListener listener, long pauseAfterErrorMillis) {
		this.listener = listener;
		this.pauseAfterErrorMillis = pauseAfterErrorMillis;
		URI fast = URI.create("http://127.0.0.1:" + port + "/hello");
		URI slow = URI.create("http://127.0.0.1:" + port + "/hello?delay=" + shape.slowDelayMillis());
		for (int i = 0; i < shape.keepAliveClients(); i++) {
			start("keep-alive-" + i, ClientKind.KEEP_ALIVE, HttpClientFactory.keepAlive(), fast);
		}
		for (int i = 0; i < shape.newConnectionClients(); i++) {
			start("new-connection-" + i, ClientKind.NEW_CONNECTION, HttpClientFactory.newConnectionPerRequest(), fast);
		}
		for (int i = 0; i < shape.slowClients(); i++) {
			start("slow-" + i, ClientKind.SLOW, HttpClientFactory.keepAlive(), slow);
		}
	}

	private void start(String name, ClientKind kind, CloseableHttpClient client, URI uri) {
		this.clients.add(client);
		Thread thread = new Thread(() -> {
			while (this.running.get()) {
				boolean answered = request(kind, client, uri);
				long pause = (!answered && this.pauseAfterErrorMillis > 0) ? this.pauseAfterErrorMillis
						: CLIENT_PAUSE_MILLIS;
				if (pause > 0) {
					try {
						Thread.sleep(pause);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}
		}, "load-" + name);
		this.threads.add(thread);
		thread.start();
	}

	// Whether the request was answered 200.
	private boolean request(ClientKind kind, CloseableHttpClient client, URI uri) {
		long start = System.nanoTime();
		Outcome outcome;
		int generation = 0;
		try {
			Answer answer = client.execute(new HttpGet(uri), (response) -> {
				String body = EntityUtils.toString(response.getEntity());
				if (response.getCode() != 200) {
					return new Answer("status " + response.getCode() + ": " + body.strip(), 0);
				}
				return new Answer(null, generation(response.getFirstHeader("X-App-Generation"), body));
			});
			if (answer.failure() == null) {
				this.succeeded.incrementAndGet();
				outcome = Outcome.OK;
				generation = answer.generation();
			}
			else {
				fail(answer.failure());
				outcome = Outcome.STATUS;
			}
		}
		catch (Exception ex) {
			fail(ex.toString());
			outcome = Outcome.of(ex);
		}
		this.listener.completed(kind, start, System.nanoTime(), outcome, generation);
		return outcome == Outcome.OK;
	}

	// The header when the starter sends it, else the number in the body; 0 if neither.
	static int generation(Header header, String body) {
		try {
			if (header != null) {
				return Integer.parseInt(header.getValue().strip());
			}
			Matcher matcher = GENERATION.matcher(body);
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
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
	public LoadResult stop() throws InterruptedException {
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

	/**
	 * What a response handler saw.
	 *
	 * @param failure why the request failed, or {@code null} if answered 200
	 * @param generation which generation answered, 0 if unknown
	 */
	private record Answer(String failure, int generation) {

	}

	/** Which kind of client sent a request. */
	public enum ClientKind {

		KEEP_ALIVE, NEW_CONNECTION, SLOW

	}

	/** How a request ended, as the client saw it. */
	public enum Outcome {

		/** Answered 200. */
		OK,
		/** The connection was refused: nothing listened on the port. */
		REFUSED,
		/** The connection was reset or closed, or no response came. */
		NO_RESPONSE,
		/** Answered with a status other than 200. */
		STATUS;

		static Outcome of(Exception ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof java.net.ConnectException) {
					return REFUSED;
				}
			}
			return NO_RESPONSE;
		}

	}

	/** Told about every request as it ends. */
	@FunctionalInterface
	public interface RequestListener {

		RequestListener NONE = (kind, startNanos, endNanos, outcome, generation) -> {
		};

		/**
		 * A request ended.
		 * @param kind the client that sent it
		 * @param startNanos {@link System#nanoTime()} when it was sent
		 * @param endNanos {@link System#nanoTime()} when it ended
		 * @param outcome how it ended
		 * @param generation the generation that answered 200 (X-App-Generation header, else
		 * the number in the body), 0 if unknown or not answered 200
		 */
		void completed(ClientKind kind, long startNanos, long endNanos, Outcome outcome, int generation);

	}

}
