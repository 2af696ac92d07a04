package dev.hotreload.benchmarks.drain;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * One HTTP/1.1 client that keeps its connection open between requests and pauses between
 * them, as a connection pool's idle connection does. It reconnects when the server said
 * {@code Connection: close} or the connection failed, and counts every connection it
 * opened: after the first, each is a reconnect a reload caused. It does not check a
 * connection before reusing it, nor retry: a request written into a connection the server
 * has just closed counts as failed (the keep-alive close race).
 */
final class KeepAliveClient implements Runnable {

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final int READ_TIMEOUT_MILLIS = 30_000;

	private final int port;

	private final Duration pause;

	private final Counts counts;

	private volatile boolean running = true;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	KeepAliveClient(int port, Duration pause, Counts counts) {
		this.port = port;
		this.pause = pause;
		this.counts = counts;
	}

	void stop() {
		this.running = false;
	}

	@Override
	public void run() {
		byte[] request = ("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		while (this.running) {
			try {
				if (this.socket == null) {
					connect();
				}
				this.out.write(request);
				this.out.flush();
				if (readResponse()) {
					disconnect();
				}
				this.counts.succeeded.increment();
			}
			catch (IOException ex) {
				this.counts.failed.increment();
				disconnect();
			}
			pause();
		}
		disconnect();
	}

	private void connect() throws IOException {
		Socket opened = new Socket();
		opened.connect(new InetSocketAddress("127.0.0.1", this.port), CONNECT_TIMEOUT_MILLIS);
		opened.setSoTimeout(READ_TIMEOUT_MILLIS);
		opened.setTcpNoDelay(true);
		this.counts.connections.increment();
		this.socket = opened;
		this.in = new BufferedInputStream(opened.getInputStream());
		this.out = opened.getOutputStream();
	}

	/**
	 * Reads one response with a {@code Content-Length} body.
	 * @return whether the server ends the connection after it
	 */
	private boolean readResponse() throws IOException {
		String status = line();
		if (!status.startsWith("HTTP/1.1 2")) {
			throw new IOException("Unexpected status: " + status);
		}
		long length = -1;
		boolean close = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).strip());
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		if (length < 0) {
			throw new IOException("No Content-Length in the response");
		}
		// Throws at an early end of stream.
		this.in.skipNBytes(length);
		return close;
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new EOFException("Connection closed by the server");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private void disconnect() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Gone already.
			}
			this.socket = null;
		}
	}

	private void pause() {
		if (!this.pause.isZero()) {
			try {
				Thread.sleep(this.pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	/**
	 * What all clients of a run did, summed.
	 */
	static final class Counts {

		final LongAdder succeeded = new LongAdder();

		final LongAdder failed = new LongAdder();

		final LongAdder connections = new LongAdder();

		Snapshot snapshot() {
			return new Snapshot(this.succeeded.sum(), this.failed.sum(), this.connections.sum());
		}

	}

	record Snapshot(long succeeded, long failed, long connections) {

		Snapshot minus(Snapshot earlier) {
			return new Snapshot(this.succeeded - earlier.succeeded, this.failed - earlier.failed,
					this.connections - earlier.connections);
		}

	}

}
