package dev.hotreload.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SharedListener}'s acceptor thread: it waits on a selector rather than in a
 * blocking {@code accept()}, so that it can pause without closing the socket, and it backs
 * off when accepting fails.
 */
final class PausableAcceptor {

	// Logged under the listener's name: these are its accept failures.
	private static final Log logger = LogFactory.getLog(SharedListener.class);

	private static final long MAX_ERROR_DELAY_MILLIS = 1600;

	private final SharedListener listener;

	private @Nullable Thread thread;

	private boolean paused;

	private @Nullable Selector selector;

	PausableAcceptor(SharedListener listener) {
		this.listener = listener;
	}

	/**
	 * Starts the acceptor thread, once; later calls do nothing.
	 * @param handoff takes each accepted connection; closes it if it cannot serve it
	 * @throws UncheckedIOException if the socket cannot be watched
	 */
	synchronized void start(Consumer<SocketChannel> handoff) {
		if (this.thread != null) {
			return;
		}
		Selector selector;
		try {
			selector = Selector.open();
			// Non-blocking for every process that shares the socket (the flag belongs to it);
			// a blocking accept elsewhere just waits for the next connection as it did.
			this.listener.channel().configureBlocking(false);
			this.listener.channel().register(selector, SelectionKey.OP_ACCEPT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot accept on " + this.listener.localAddress(), ex);
		}
		this.selector = selector;
		Thread acceptor = new Thread(() -> acceptLoop(selector, handoff),
				"hotreload-acceptor-" + this.listener.name() + "-" + this.listener.localAddress().getPort());
		acceptor.setContextClassLoader(SharedListener.class.getClassLoader());
		acceptor.setDaemon(true);
		this.thread = acceptor;
		acceptor.start();
	}

	void pause() {
		synchronized (this) {
			this.paused = true;
		}
		wakeUp();
	}

	synchronized void resume() {
		this.paused = false;
		notifyAll();
	}

	synchronized boolean isPaused() {
		return this.paused;
	}

	/**
	 * Ends the acceptor thread, paused or not, and waits for it (5 s at most) unless called
	 * on it. Called once the listener is closed.
	 */
	void stop() {
		Thread acceptor;
		synchronized (this) {
			acceptor = this.thread;
			// A paused acceptor ends too.
			notifyAll();
		}
		wakeUp();
		if (acceptor != null && acceptor != Thread.currentThread()) {
			try {
				acceptor.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void acceptLoop(Selector selector, Consumer<SocketChannel> handoff) {
		long errorDelay = 0;
		try (selector) {
			while (awaitNotPaused()) {
				try {
					selector.select();
					selector.selectedKeys().clear();
					errorDelay = 0;
					SocketChannel connection;
					while (!isPaused() && this.listener.isOpen()
							&& (connection = this.listener.channel().accept()) != null) {
						handOff(handoff, connection);
					}
				}
				catch (ClosedChannelException | ClosedSelectorException ex) {
					break;
				}
				catch (IOException ex) {
					// Out of file descriptors, say: back off like Tomcat's own acceptor does.
					errorDelay = (errorDelay == 0) ? 50 : Math.min(errorDelay * 2, MAX_ERROR_DELAY_MILLIS);
					logger.warn("Accepting a connection on " + this.listener.localAddress() + " failed; retrying in "
							+ errorDelay + " ms", ex);
					if (!sleep(errorDelay)) {
						break;
					}
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Closing the selector of " + this.listener.localAddress() + " failed", ex);
		}
		logger.debug("Stopped accepting on " + this.listener.localAddress());
	}

	/**
	 * Waits while paused.
	 * @return {@code false} once the socket is closed
	 */
	private synchronized boolean awaitNotPaused() {
		while (this.paused && this.listener.isOpen()) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return this.listener.isOpen();
	}

	private void wakeUp() {
		Selector watching;
		synchronized (this) {
			watching = this.selector;
		}
		if (watching != null) {
			watching.wakeup();
		}
	}

	private void handOff(Consumer<SocketChannel> handoff, SocketChannel connection) {
		try {
			handoff.accept(connection);
		}
		catch (RuntimeException ex) {
			logger.warn("No generation could take a connection on " + this.listener.localAddress() + "; closing it",
					ex);
			closeQuietly(connection);
		}
	}

	private static boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void closeQuietly(SocketChannel connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// Nothing more to do for a connection nobody can serve.
		}
	}

}
