package dev.hotreload.sampletest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client on a sample's {@code /ws/echo} (or another echo endpoint): what
 * it received, and how its session closed.
 */
public final class EchoSocket implements WebSocket.Listener {

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<String> closed = new CompletableFuture<>();

	private WebSocket socket;

	public static EchoSocket open(HttpClient http, int port) throws Exception {
		return open(http, port, "/ws/echo");
	}

	/** A session on another echo endpoint of the sample's: {@code /ws/jakarta-echo}, say. */
	public static EchoSocket open(HttpClient http, int port, String path) throws Exception {
		EchoSocket echo = new EchoSocket();
		echo.socket = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + port + path), echo)
			.get(30, TimeUnit.SECONDS);
		return echo;
	}

	public String echo(String text) throws Exception {
		this.socket.sendText(text, true).get(10, TimeUnit.SECONDS);
		return this.received.poll(30, TimeUnit.SECONDS);
	}

	/** How the session closed ({@code 1001 server reloading}), once it has. */
	public CompletableFuture<String> closed() {
		return this.closed;
	}

	public void close() throws Exception {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.received.add(data.toString());
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode + " " + reason);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete("error " + error);
	}

}
