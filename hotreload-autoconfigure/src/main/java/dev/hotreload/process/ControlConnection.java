package dev.hotreload.process;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One end of the Unix domain socket between the supervisor and a worker: messages are
 * read on a daemon thread of its own and handed to a handler; sending is thread-safe. When
 * the other end goes away (it exited, or was killed), the reader sees the end of the
 * stream and says so.
 */
final class ControlConnection implements Closeable {

	private static final Log logger = LogFactory.getLog(ControlConnection.class);

	private final SocketChannel channel;

	private final Writer writer;

	private volatile boolean closed;

	ControlConnection(SocketChannel channel) {
		this.channel = channel;
		this.writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
	}

	/**
	 * Starts reading.
	 * @param name the reader thread's name
	 * @param handler takes each message
	 * @param onClose runs once the other end is gone
	 */
	void start(String name, Consumer<ControlMessage> handler, Runnable onClose) {
		Thread reader = new Thread(() -> read(handler, onClose), name);
		reader.setDaemon(true);
		reader.setContextClassLoader(ControlConnection.class.getClassLoader());
		reader.start();
	}

	private void read(Consumer<ControlMessage> handler, Runnable onClose) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(Channels.newInputStream(this.channel), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				try {
					handler.accept(ControlMessage.decode(line));
				}
				catch (RuntimeException ex) {
					logger.warn("Could not handle control message '" + line + "'", ex);
				}
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Control connection failed", ex);
			}
		}
		finally {
			this.closed = true;
			onClose.run();
		}
	}

	/**
	 * Sends a message; a connection whose other end is gone drops it.
	 * @param message the message
	 * @return whether it was sent
	 */
	synchronized boolean send(ControlMessage message) {
		if (this.closed) {
			return false;
		}
		try {
			this.writer.write(message.encode());
			this.writer.write('\n');
			this.writer.flush();
			return true;
		}
		catch (IOException ex) {
			logger.debug("Could not send " + message.type() + ": the other end is gone", ex);
			return false;
		}
	}

	boolean isOpen() {
		return !this.closed;
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
	}

}
