package dev.hotreload.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.listener.SharedListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link ConnectionTracker} on a real Reactor Netty server served the way a generation's
 * is ({@link AdoptingServerChannel}, one event loop): a keep-alive connection whose
 * response ends while its generation migrates reads nothing more until the move has been
 * tried, so the request its client sends as soon as it has that response moves, unread,
 * with the connection, even when the event loop gets to the move late; and if the move
 * cannot happen, the connection reads again and its generation answers.
 */
class ConnectionTrackerTests {

	private static final String HEADER = "X-App-Generation";

	private final LoopResources loops = LoopResources.create("tracker-test", 1, 1, true);

	private final RecordingHandOff handOff = new RecordingHandOff();

	private final Sinks.One<String> release = Sinks.one();

	private SharedListener listener;

	private NettyGenerationConnector connector;

	private DisposableServer server;

	private ServerSocketChannel acceptor;

	@BeforeEach
	void start() throws IOException {
		// The connector's own listener, never accepting: the test hands it connections.
		this.listener = SharedListener.bind("server", new InetSocketAddress("127.0.0.1", 0), 50, false);
		this.connector = new NettyGenerationConnector(7, this.listener, this.handOff, HEADER, true);
		this.server = HttpServer.create()
			.runOn(new AdoptingLoopResources(this.loops, this.connector::newServerChannel))
			.doOnChannelInit(this.connector::initChannel)
			.route((routes) -> routes.get("/slow", (request, response) -> response.sendString(this.release.asMono()))
				.get("/hello", (request, response) -> response.sendString(Mono.just("hello\n"))))
			.bindNow();
		this.acceptor = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
	}

	@AfterEach
	void stop() throws IOException {
		this.server.disposeNow();
		this.loops.disposeLater().block(Duration.ofSeconds(10));
		this.acceptor.close();
		this.listener.close();
		SocketChannel handed = this.handOff.handed.poll();
		if (handed != null) {
			handed.close();
		}
	}

	@Test
	void theRequestSentAsSoonAsAResponseEndsWhileMigratingMovesUnreadHoweverLateTheMoveRuns() throws Exception {
		try (Socket client = connect()) {
			send(client, "/slow");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.connector.inFlightRequests() == 1);
			assertThat(this.connector.startMigrating()).isTrue();
			EventLoop loop = this.loops.onServer(false).next();
			// The response is written, then the move waits behind tasks that keep the event
			// loop busy longer than it runs tasks without polling its sockets.
			CountDownLatch blocked = new CountDownLatch(1);
			loop.execute(() -> waitFor(blocked));
			this.release.tryEmitValue("slow\n");
			for (int i = 0; i < 150; i++) {
				loop.execute(() -> sleep(10));
			}
			blocked.countDown();
			Answer slow = read(client);
			assertThat(slow.body()).isEqualTo("slow\n");
			// At once, as a client goes on with its next request.
			send(client, "/hello");

			SocketChannel handed = this.handOff.handed.poll(30, TimeUnit.SECONDS);
			assertThat(handed).as("the connection handed over").isNotNull();
			this.handOff.handed.offer(handed);
			assertThat(readAvailable(handed)).as("the request that moved with it, unread")
				.startsWith("GET /hello HTTP/1.1\r\n");
			assertThat(this.connector.migratedConnections()).isOne();
			client.setSoTimeout(500);
			assertThatExceptionOfType(SocketTimeoutException.class).as("no answer from the old generation")
				.isThrownBy(() -> client.getInputStream().read());
		}
	}

	@Test
	void aConnectionThatCannotMoveReadsAgainAndItsGenerationAnswersItsNextRequest() throws Exception {
		try (Socket client = connect()) {
			send(client, "/slow");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.connector.inFlightRequests() == 1);
			assertThat(this.connector.startMigrating()).isTrue();
			// The serving connector went away, say: the move is tried and given up.
			this.handOff.accepting = false;
			this.release.tryEmitValue("slow\n");
			assertThat(read(client).body()).isEqualTo("slow\n");
			send(client, "/hello");
			Answer hello = read(client);
			assertThat(hello.body()).isEqualTo("hello\n");
			assertThat(hello.generation()).isEqualTo("7");
			assertThat(this.handOff.handed).isEmpty();
			assertThat(this.connector.migratedConnections()).isZero();
		}
	}

	private Socket connect() throws IOException {
		Socket client = new Socket("127.0.0.1", this.acceptor.socket().getLocalPort());
		client.setSoTimeout(30_000);
		this.connector.serve(this.acceptor.accept());
		return client;
	}

	private static void send(Socket client, String path) throws IOException {
		client.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		client.getOutputStream().flush();
	}

	/** A response with a {@code content-length}, as Reactor Netty writes a body from a Mono. */
	private static Answer read(Socket client) throws IOException {
		InputStream in = client.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("Closed after " + head);
			}
			head.write(next);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(headers);
		assertThat(length.find()).as(headers).isTrue();
		String body = new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
		Matcher generation = Pattern.compile("(?im)^" + HEADER + ": *(\\S+)").matcher(headers);
		return new Answer(headers, body, generation.find() ? generation.group(1) : null);
	}

	private static String readAvailable(SocketChannel socket) throws IOException {
		socket.configureBlocking(true);
		socket.socket().setSoTimeout(10_000);
		byte[] bytes = new byte[4096];
		int read = socket.socket().getInputStream().read(bytes);
		return (read > 0) ? new String(bytes, 0, read, StandardCharsets.US_ASCII) : "";
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Answer(String headers, String body, @Nullable String generation) {
	}

	/** Keeps what it is handed, as a serving connector would go on with it. */
	private static final class RecordingHandOff implements ConnectionHandOff {

		final LinkedBlockingQueue<SocketChannel> handed = new LinkedBlockingQueue<>();

		volatile boolean accepting = true;

		@Override
		public boolean canTakeFrom(GenerationConnector from) {
			return this.accepting;
		}

		@Override
		public void handOff(SocketChannel connection, @Nullable Object carried) {
			this.handed.add(connection);
		}

	}

}
