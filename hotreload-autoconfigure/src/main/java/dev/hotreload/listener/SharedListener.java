package dev.hotreload.listener;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A listening socket bound once for the life of the application and an acceptor thread
 * that hands every accepted connection to whichever generation is current. One socket
 * means one accept queue: a switch between generations never loses a queued connection.
 * The acceptor waits on a selector rather than in a blocking {@code accept()}, so that it
 * can {@link #pause} without closing the socket: a worker process standing by for a
 * rollback leaves the shared accept queue to the others and takes it up again later.
 */
public final class SharedListener implements Closeable {

	private static final Log logger = LogFactory.getLog(SharedListener.class);

	private static final long MAX_ERROR_DELAY_MILLIS = 1600;

	private final String name;

	private final InetSocketAddress requestedAddress;

	private final ServerSocketChannel channel;

	private final InetSocketAddress localAddress;

	private final Closeable release;

	private Thread acceptor;

	private boolean paused;

	private volatile boolean closed;

	private @Nullable Selector selector;

	private SharedListener(String name, InetSocketAddress requestedAddress, ServerSocketChannel channel,
			Closeable release) throws IOException {
		this.name = name;
		this.requestedAddress = requestedAddress;
		this.channel = channel;
		this.localAddress = (InetSocketAddress) channel.getLocalAddress();
		this.release = release;
	}

	/**
	 * Binds a new shared listener.
	 * @param name what it serves, such as {@code server} or {@code management}
	 * @param address the address to bind; port 0 picks a free port
	 * @param backlog the accept queue length
	 * @param reusePort whether to set {@code SO_REUSEPORT}
	 * @return the bound listener, not yet accepting
	 * @throws IOException if the address cannot be bound
	 */
	public static SharedListener bind(String name, InetSocketAddress address, int backlog, boolean reusePort)
			throws IOException {
		ServerSocketChannel channel = ReloadableSockets.createReloadableSocket(address, backlog, reusePort);
		return new SharedListener(name, address, channel, channel);
	}

	/**
	 * A shared listener over a socket this process inherited, already bound and listening:
	 * a worker's, whose supervisor holds the socket. Closing the listener never closes the
	 * channel: the JDK's inherited channel points standard input, output and error at
	 * {@code /dev/null} when it closes, which would silence this process's console.
	 * @param name what it serves
	 * @param channel the inherited channel
	 * @param release lets go of the socket in this process in place of closing the channel
	 * @return the listener, not yet accepting
	 * @throws IOException if the channel's address cannot be read
	 */
	public static SharedListener adopt(String name, ServerSocketChannel channel, Closeable release)
			throws IOException {
		return new SharedListener(name, (InetSocketAddress) channel.getLocalAddress(), channel, release);
	}

	/**
	 * What this listener serves, such as {@code server} or {@code management}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The address as configured, port 0 included.
	 * @return the requested address
	 */
	public InetSocketAddress requestedAddress() {
		return this.requestedAddress;
	}

	/**
	 * The address actually bound.
	 * @return the local address
	 */
	public InetSocketAddress localAddress() {
		return this.localAddress;
	}

	/**
	 * The bound channel, for connectors that report it as theirs. Never close it there.
	 * @return the channel
	 */
	public ServerSocketChannel channel() {
		return this.channel;
	}

	public boolean isOpen() {
		return !this.closed && this.channel.isOpen();
	}

	/**
	 * Starts the acceptor thread, once; later calls do nothing.
	 * @param handoff takes each accepted connection; closes it if it cannot serve it
	 * @throws UncheckedIOException if the socket cannot be watched
	 */
	public synchronized void startAccepting(Consumer<SocketChannel> handoff) {
		if (this.acceptor != null) {
			return;
		}
		Selector selector;
		try {
			selector = Selector.open();
			// Non-blocking for every process that shares the socket (the flag belongs to it);
			// a blocking accept elsewhere just waits for the next connection as it did.
			this.channel.configureBlocking(false);
			this.channel.register(selector, SelectionKey.OP_ACCEPT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot accept on " + this.localAddress, ex);
		}
		this.selector = selector;
		this.acceptor = new Thread(() -> acceptLoop(selector, handoff),
				"hotreload-acceptor-" + this.name + "-" + this.localAddress.getPort());
		this.acceptor.setContextClassLoader(SharedListener.class.getClassLoader());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * Stops accepting but keeps the socket open: connections queue for the other processes
	 * that share it. Connections already accepted are not touched.
	 */
	public void pause() {
		synchronized (this) {
			this.paused = true;
		}
		wakeUp();
	}

	/**
	 * Accepts again after {@link #pause}.
	 */
	public synchronized void resume() {
		this.paused = false;
		notifyAll();
	}

	public synchronized boolean isPaused() {
		return this.paused;
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
					while (!isPaused() && isOpen() && (connection = this.channel.accept()) != null) {
						handOff(handoff, connection);
					}
				}
				catch (ClosedChannelException | ClosedSelectorException ex) {
					break;
				}
				catch (IOException ex) {
					// Out of file descriptors, say: back off like Tomcat's own acceptor does.
					errorDelay = (errorDelay == 0) ? 50 : Math.min(errorDelay * 2, MAX_ERROR_DELAY_MILLIS);
					logger.warn("Accepting a connection on " + this.localAddress + " failed; retrying in "
							+ errorDelay + " ms", ex);
					if (!sleep(errorDelay)) {
						break;
					}
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Closing the selector of " + this.localAddress + " failed", ex);
		}
		logger.debug("Stopped accepting on " + this.localAddress);
	}

	/**
	 * Waits while paused.
	 * @return {@code false} once the socket is closed
	 */
	private synchronized boolean awaitNotPaused() {
		while (this.paused && isOpen()) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return isOpen();
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
			logger.warn("No generation could take a connection on " + this.localAddress + "; closing it", ex);
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

	/**
	 * Stops accepting and lets go of the socket in this process. Connections already
	 * handed over stay open.
	 */
	@Override
	public void close() throws IOException {
		Thread acceptorThread;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			acceptorThread = this.acceptor;
			// A paused acceptor ends too.
			notifyAll();
		}
		wakeUp();
		if (acceptorThread != null && acceptorThread != Thread.currentThread()) {
			try {
				acceptorThread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// Once the selector is closed, which deregisters the socket.
		this.release.close();
	}

	@Override
	public String toString() {
		return "SharedListener[" + this.name + " " + this.localAddress + "]";
	}

}
