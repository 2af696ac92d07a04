package dev.hotreload.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationConnector;

/**
 * Warms a new worker's JVM up before it takes over: requests to its own web server over
 * a private loopback socket, whose connections are handed to the generation's connector
 * just as the shared listener hands it the real ones. Nothing outside the worker sees
 * them; the old worker serves meanwhile.
 */
final class WarmUp {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private WarmUp() {
	}

	/**
	 * Sends the requests and waits for their answers, whatever their status.
	 * @param generation the generation to warm up
	 * @param path what to ask for
	 * @param requests how many requests
	 * @param concurrency how many at once
	 */
	static void run(Generation generation, String path, int requests, int concurrency) {
		GenerationConnector connector = generation.connectors().stream().findFirst().orElse(null);
		if (requests == 0 || connector == null) {
			return;
		}
		long begin = System.nanoTime();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		try (ServerSocketChannel loopback = ServerSocketChannel.open()) {
			loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread acceptor = new Thread(() -> handOff(loopback, connector), "hotreload-warm-up-acceptor");
			acceptor.setDaemon(true);
			acceptor.start();
			send((InetSocketAddress) loopback.getLocalAddress(), path, requests, concurrency, statuses);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Warming up generation " + generation.number() + " failed; it takes over cold", ex);
			return;
		}
		logger.info("Warmed up generation " + generation.number() + " with " + requests + " requests to " + path
				+ " in " + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms (statuses "
				+ new TreeMap<>(statuses) + ")");
	}

	private static void handOff(ServerSocketChannel loopback, GenerationConnector connector) {
		while (loopback.isOpen()) {
			try {
				SocketChannel connection = loopback.accept();
				connector.reserveConnection();
				connector.serve(connection);
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				logger.debug("Warm-up connection failed", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void send(InetSocketAddress address, String path, int requests, int concurrency,
			Map<Integer, AtomicInteger> statuses) {
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
				+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		AtomicInteger left = new AtomicInteger(requests);
		Thread[] clients = new Thread[concurrency];
		for (int i = 0; i < concurrency; i++) {
			clients[i] = new Thread(() -> {
				while (left.getAndDecrement() > 0) {
					statuses.computeIfAbsent(exchange(address, request), (key) -> new AtomicInteger()).incrementAndGet();
				}
			}, "hotreload-warm-up-" + i);
			clients[i].setDaemon(true);
			clients[i].start();
		}
		for (Thread client : clients) {
			try {
				client.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * One request on a connection of its own, read to the end: {@code Connection: close}
	 * leaves no idle connection behind that would hold up this generation's drain later.
	 * @return the status, or -1 if the exchange failed
	 */
	private static int exchange(InetSocketAddress address, byte[] request) {
		try (Socket socket = new Socket()) {
			socket.connect(address, (int) REQUEST_TIMEOUT.toMillis());
			socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
			socket.getOutputStream().write(request);
			byte[] response = socket.getInputStream().readAllBytes();
			String statusLine = new String(response, 0, Math.min(response.length, 12), StandardCharsets.US_ASCII);
			return statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9, 12)) : -1;
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

}
