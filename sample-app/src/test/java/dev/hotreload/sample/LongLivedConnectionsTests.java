package dev.hotreload.sample;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-lived connections across a reload, with real clients on real sockets: the JDK's
 * WebSocket client on {@code /ws/echo} and an SSE client reading {@code /events} as
 * {@code EventSource} does, and raw sockets on Spring MVC's {@code StreamingResponseBody}
 * and {@code DeferredResult}. The old generation closes the WebSocket with 1001 and ends the
 * streams cleanly, the clients reconnect to the new generation, and the old generation
 * closes long before its 30 s drain timeout.
 */
class LongLivedConnectionsTests {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	/** RFC 6455's 1001, going away. */
	private static final int GOING_AWAY = 1001;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * Well before the drain timeout, which would end what the switch did not: a bound that
	 * tells the two apart on a loaded machine, not a measure of speed.
	 */
	private static final Duration SOON = DRAIN_TIMEOUT.dividedBy(2);

	private RunningSample sample;

	@AfterEach
	void close() throws Exception {
		if (this.sample != null) {
			this.sample.close();
		}
	}

	@Test
	void webSocketGetsGoingAwayAtAReloadAndItsReconnectIsServedByTheNewGeneration() throws Exception {
		this.sample = RunningSample.start();
		Echo first = Echo.connect(this.http, this.sample.port());
		assertThat(first.echo("hi")).isEqualTo("gen 1: hi");

		long reloaded = reload();
		Echo.Closed closed = first.awaitClose(SOON);
		assertThat(closed.status()).isEqualTo(GOING_AWAY);
		assertThat(closed.reason()).isEqualTo("server reloading");
		assertThat(closed.nanoTime() - reloaded).isLessThan(SOON.toNanos());

		Echo second = Echo.connect(this.http, this.sample.port());
		assertThat(second.echo("again")).isEqualTo("gen 2: again");
		assertOldGenerationClosesSoon(reloaded);
		assertThat(second.echo("still")).isEqualTo("gen 2: still");
		second.close();
	}

	@Test
	void aServerEndpointSessionGetsGoingAwayAtAReload() throws Exception {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers((context) -> ((GenericApplicationContext) context).registerBean(
				ServerEndpointExporter.class, () -> {
					ServerEndpointExporter exporter = new ServerEndpointExporter();
					exporter.setAnnotatedEndpointClasses(JakartaEcho.class);
					return exporter;
				}));
		this.sample = RunningSample.start(application);
		Echo first = Echo.connect(this.http, this.sample.port(), "/test/jakarta-echo");
		assertThat(first.echo("hi")).isEqualTo("jakarta: hi");

		long reloaded = reload();
		Echo.Closed closed = first.awaitClose(SOON);
		assertThat(closed.status()).isEqualTo(GOING_AWAY);
		assertThat(closed.reason()).isEqualTo("server reloading");
		assertThat(closed.nanoTime() - reloaded).isLessThan(SOON.toNanos());
		Echo second = Echo.connect(this.http, this.sample.port(), "/test/jakarta-echo");
		assertThat(second.echo("again")).isEqualTo("jakarta: again");
		assertOldGenerationClosesSoon(reloaded);
	}

	@Test
	void sseStreamEndsCleanlyAtAReloadAndItsReconnectContinuesOnTheNewGeneration() throws Exception {
		this.sample = RunningSample.start();
		Events first = Events.open(this.http, this.sample.port(), null);
		List<Event> before = first.await(2, Duration.ofSeconds(10));
		assertThat(before).extracting(Event::id).containsExactly("1", "2");
		assertThat(before).extracting(Event::data).allMatch((data) -> data.endsWith("from generation 1"));
		assertThat(first.retry()).isEqualTo("1000");

		long reloaded = reload();
		Events.End end = first.awaitEnd(SOON);
		assertThat(end.failure()).as("the stream ends cleanly, not by a reset").isNull();
		assertThat(end.nanoTime() - reloaded).isLessThan(SOON.toNanos());
		String lastId = first.events().get(first.events().size() - 1).id();

		Events second = Events.open(this.http, this.sample.port(), lastId);
		Event next = second.await(1, Duration.ofSeconds(10)).get(0);
		assertThat(next.id()).isEqualTo(Long.toString(Long.parseLong(lastId) + 1));
		assertThat(next.data()).isEqualTo("tick " + next.id() + " from generation 2");
		assertOldGenerationClosesSoon(reloaded);
		second.close();
	}

	@Test
	void withAGracePeriodLongLivedConnectionsGoAwayAfterItAndNotBefore() throws Exception {
		Duration grace = Duration.ofSeconds(3);
		this.sample = RunningSample.start("--hotreload.drain.going-away=after-grace",
				"--hotreload.drain.going-away-grace=" + grace.toSeconds() + "s");
		Echo socket = Echo.connect(this.http, this.sample.port());
		Events events = Events.open(this.http, this.sample.port(), null);
		events.await(1, Duration.ofSeconds(10));

		long reloaded = reload();
		RunningSample.sleep(grace.toMillis() - 1000);
		assertThat(socket.closed()).as("closed before the grace ended").isNull();
		assertThat(socket.echo("in grace")).isEqualTo("gen 1: in grace");
		assertThat(events.ended()).as("ended before the grace ended").isNull();
		int seen = events.events().size();

		Echo.Closed closed = socket.awaitClose(SOON);
		Events.End end = events.awaitEnd(SOON);
		assertThat(closed.status()).isEqualTo(GOING_AWAY);
		assertThat(end.failure()).isNull();
		// Not before the grace (less the wall clock's millisecond and the drain thread's start).
		long notBefore = grace.minusMillis(100).toNanos();
		assertThat(closed.nanoTime() - reloaded).isBetween(notBefore, grace.plusSeconds(3).toNanos());
		assertThat(end.nanoTime() - reloaded).isBetween(notBefore, grace.plusSeconds(3).toNanos());
		assertThat(events.events()).hasSizeGreaterThan(seen)
			.extracting(Event::data)
			.allMatch((data) -> data.endsWith("from generation 1"));

		Echo again = Echo.connect(this.http, this.sample.port());
		assertThat(again.echo("after")).isEqualTo("gen 2: after");
		assertOldGenerationClosesSoon(reloaded);
		again.close();
	}

	@Test
	void aLongPollNotAnsweredYetGets503RetryAfterAndItsConnectionCloses() throws Exception {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// A plain servlet that starts async and never answers: a long poll.
		application.addInitializers((context) -> ((GenericApplicationContext) context).registerBean("longPoll",
				ServletRegistrationBean.class, () -> {
					ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(new HttpServlet() {
						@Override
						protected void doGet(HttpServletRequest request, HttpServletResponse response) {
							request.startAsync().setTimeout(0);
						}
					}, "/test/long-poll");
					registration.setAsyncSupported(true);
					return registration;
				}));
		this.sample = RunningSample.start(application);
		try (Socket socket = new Socket("127.0.0.1", this.sample.port())) {
			socket.setSoTimeout(20_000);
			socket.getOutputStream()
				.write(("GET /test/long-poll HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			RunningSample.sleep(500);
			long reloaded = reload();
			byte[] answer = socket.getInputStream().readAllBytes();
			long answered = System.nanoTime();
			String head = new String(answer, StandardCharsets.US_ASCII);
			assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 0")
				.containsIgnoringCase("Connection: close");
			assertThat(answered - reloaded).as("answered, and the connection closed, soon after the reload")
				.isLessThan(SOON.toNanos());
			assertOldGenerationClosesSoon(reloaded);
		}
	}

	@Test
	void springMvcStreamsEndCleanlyAndUnansweredDeferredResultsGet503AtAReload() throws Exception {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers(
				(context) -> ((GenericApplicationContext) context).registerBean(AsyncEndpoints.class));
		this.sample = RunningSample.start(application);
		try (Socket stream = get("/test/stream"); Socket poll = get("/test/deferred")) {
			// Both run: the stream writes a line every 200 ms (held in the response buffer here).
			RunningSample.sleep(1000);
			long reloaded = reload();
			// Read to the end: a reset would throw here, a hang would time the socket out.
			String answer = new String(stream.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			// What the stream wrote is answered as written, whole, not replaced by a 503.
			assertThat(answer).startsWith("HTTP/1.1 200").contains("line 1\n", "line 4\n");
			assertWhole(answer);
			String polled = new String(poll.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(polled).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 0");
			assertThat(System.nanoTime() - reloaded).as("both ended soon after the reload")
				.isLessThan(SOON.toNanos());
			assertOldGenerationClosesSoon(reloaded);
		}
	}

	/** A response read to the end of its connection is complete: its last chunk, or its length. */
	private static void assertWhole(String response) {
		int bodyStart = response.indexOf("\r\n\r\n") + 4;
		String head = response.substring(0, bodyStart).toLowerCase(java.util.Locale.ROOT);
		if (head.contains("transfer-encoding: chunked")) {
			assertThat(response).as("ends with the last chunk").endsWith("0\r\n\r\n");
		}
		else {
			java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(head);
			assertThat(length.find()).as("a length or chunks: " + head).isTrue();
			assertThat(response.length() - bodyStart).isEqualTo(Integer.parseInt(length.group(1)));
		}
	}

	private Socket get(String path) throws IOException {
		Socket socket = new Socket("127.0.0.1", this.sample.port());
		socket.setSoTimeout(20_000);
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	/**
	 * Reloads.
	 * @return when the switch happened, by the application's account ({@code startedAt}
	 * plus {@code durationMillis} in its answer), on this JVM's {@code nanoTime} scale: the
	 * drain starts then. Neither the new generation's start nor the answer's way back,
	 * seconds each on a busy machine, is counted.
	 */
	private long reload() {
		RunningSample.Response response = this.sample.reload();
		long answered = System.nanoTime();
		Instant now = Instant.now();
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = JsonMapper.shared().readTree(response.body());
		Instant switched = Instant.parse(result.get("startedAt").asString())
			.plusMillis(result.get("durationMillis").asLong());
		return answered - Duration.between(switched, now).toNanos();
	}

	/** Generation 1 closes well before its drain timeout: nothing of it was left open. */
	private void assertOldGenerationClosesSoon(long reloaded) {
		long deadline = reloaded + DRAIN_TIMEOUT.dividedBy(3).toNanos();
		while (this.sample.application().generations().size() > 1 && System.nanoTime() < deadline) {
			RunningSample.sleep(50);
		}
		assertThat(this.sample.application().generations()).extracting((generation) -> generation.number())
			.containsExactly(2);
		assertThat(this.sample.application().statistics().forcedConnections()).isZero();
	}

	/** A Jakarta WebSocket annotated endpoint, instantiated by Tomcat's container per session. */
	@ServerEndpoint("/test/jakarta-echo")
	public static class JakartaEcho {

		@OnMessage
		public String echo(String text) {
			return "jakarta: " + text;
		}

	}

	/**
	 * Spring MVC's own async return values: a {@code StreamingResponseBody} that writes a
	 * line every 200 ms for a minute, and a {@code DeferredResult} nobody sets.
	 */
	@RestController
	static class AsyncEndpoints {

		@GetMapping("/test/stream")
		StreamingResponseBody stream() {
			return (out) -> {
				for (int line = 1; line <= 300; line++) {
					out.write(("line " + line + "\n").getBytes(StandardCharsets.US_ASCII));
					out.flush();
					RunningSample.sleep(200);
				}
			};
		}

		@GetMapping("/test/deferred")
		DeferredResult<String> deferred() {
			return new DeferredResult<>(0L);
		}

	}

	/** A WebSocket client on {@code /ws/echo}. */
	static final class Echo implements WebSocket.Listener {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<Closed> closed = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		static Echo connect(HttpClient http, int port) throws Exception {
			return connect(http, port, "/ws/echo");
		}

		static Echo connect(HttpClient http, int port, String path) throws Exception {
			Echo echo = new Echo();
			echo.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + path), echo)
				.get(10, TimeUnit.SECONDS);
			return echo;
		}

		String echo(String text) throws Exception {
			this.socket.sendText(text, true).get(5, TimeUnit.SECONDS);
			String answer = this.messages.poll(5, TimeUnit.SECONDS);
			assertThat(answer).as("echo of '" + text + "'").isNotNull();
			return answer;
		}

		Closed awaitClose(Duration timeout) throws Exception {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		Closed closed() {
			return this.closed.getNow(null);
		}

		void close() throws Exception {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(new Closed(statusCode, reason, System.nanoTime()));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.completeExceptionally(error);
		}

		record Closed(int status, String reason, long nanoTime) {
		}

	}

	/** One server-sent event. */
	record Event(String id, String data) {
	}

	/**
	 * An SSE client on a plain socket: sends the request as {@code EventSource} does,
	 * decodes the chunked response itself and parses the events on a thread of its own.
	 * The stream ends cleanly only if the last chunk arrives and then the connection
	 * closes (no reset, no truncated chunk).
	 */
	private static final class Events {

		private final List<Event> events = new CopyOnWriteArrayList<>();

		private final CompletableFuture<End> ended = new CompletableFuture<>();

		private volatile String retry;

		private final Socket socket;

		private final InputStream in;

		private Events(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
		}

		static Events open(HttpClient http, int port, String lastEventId) throws Exception {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout(20_000);
			String request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
					+ ((lastEventId != null) ? "Last-Event-ID: " + lastEventId + "\r\n" : "") + "\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			Events events = new Events(socket);
			String status = events.line();
			assertThat(status).startsWith("HTTP/1.1 200");
			boolean chunked = false;
			String contentType = null;
			for (String header = events.line(); !header.isEmpty(); header = events.line()) {
				String lower = header.toLowerCase(java.util.Locale.ROOT);
				chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
				if (lower.startsWith("content-type:")) {
					contentType = lower.substring(13).trim();
				}
			}
			assertThat(chunked).isTrue();
			assertThat(contentType).startsWith("text/event-stream");
			Thread reader = new Thread(events::read, "sse-client");
			reader.setDaemon(true);
			reader.start();
			return events;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = this.in.read()) != '\n') {
				if (c < 0) {
					throw new EOFException("Connection closed in the middle of a line: '" + line + "'");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		private void read() {
			ByteArrayOutputStream pending = new ByteArrayOutputStream();
			String id = null;
			StringBuilder data = new StringBuilder();
			try {
				while (true) {
					int size = Integer.parseInt(line().split(";")[0].trim(), 16);
					if (size == 0) {
						assertThat(line()).as("no trailers").isEmpty();
						break;
					}
					pending.write(this.in.readNBytes(size));
					assertThat(line()).as("chunk end").isEmpty();
					String text = pending.toString(StandardCharsets.UTF_8);
					int newline;
					while ((newline = text.indexOf('\n')) >= 0) {
						String line = text.substring(0, newline);
						text = text.substring(newline + 1);
						if (line.isEmpty()) {
							if (!data.isEmpty()) {
								this.events.add(new Event(id, data.toString()));
							}
							data.setLength(0);
						}
						else if (line.startsWith("id:")) {
							id = line.substring(3).trim();
						}
						else if (line.startsWith("data:")) {
							data.append(line.substring(5).trim());
						}
						else if (line.startsWith("retry:")) {
							this.retry = line.substring(6).trim();
						}
					}
					pending.reset();
					pending.write(text.getBytes(StandardCharsets.UTF_8));
				}
				// After the last chunk the server closes the connection: end of stream, no reset.
				int next = this.in.read();
				this.ended.complete((next < 0) ? new End(null, System.nanoTime())
						: new End(new IOException("The connection stayed open after the last chunk"), System.nanoTime()));
			}
			catch (Throwable ex) {
				this.ended.complete(new End(ex, System.nanoTime()));
			}
		}

		List<Event> await(int count, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.events.size() < count && System.nanoTime() < deadline) {
				RunningSample.sleep(20);
			}
			assertThat(this.events).hasSizeGreaterThanOrEqualTo(count);
			return this.events.subList(0, count);
		}

		List<Event> events() {
			return List.copyOf(this.events);
		}

		String retry() {
			return this.retry;
		}

		End awaitEnd(Duration timeout) throws Exception {
			return this.ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

		End ended() {
			return this.ended.getNow(null);
		}

		void close() throws Exception {
			this.socket.close();
		}

		record End(Throwable failure, long nanoTime) {
		}

	}

}
