package dev.hotreload.listener;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A listening socket bound once for the life of the application and an acceptor thread
 * that hands every accepted connection to whichever generation is current. One socket
 * means one accept queue: a switch between generations never loses a queued connection.
 */
public final class SharedListener implements Closeable {

	private static final Log logger = LogFactory.getLog(SharedListener.class);

	private static final long MAX_ERROR_DELAY_MILLIS = 1600;

	private final String name;

	private final InetSocketAddress requestedAddress;

	private final ServerSocketChannel channel;

	private final InetSocketAddress localAddress;

	private Thread acceptor;

	private SharedListener(String name, InetSocketAddress requestedAddress, ServerSocketChannel channel)
			throws IOException {
		this.name = name;
		this.requestedAddress = requestedAddress;
		this.channel = channel;
		this.localAddress = (InetSocketAddress) channel.getLocalAddress();
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
		return new SharedListener(name, address,
				ReloadableSockets.createReloadableSocket(address, backlog, reusePort));
	}

	/**
	 * A shared listener over a socket this process inherited, already bound and listening:
	 * a worker's, whose supervisor holds the socket.
	 * @param name what it serves
	 * @param channel the inherited channel
	 * @return the listener, not yet accepting
	 * @throws IOException if the channel's address cannot be read
	 */
	public static SharedListener adopt(String name, ServerSocketChannel channel) throws IOException {
		return new SharedListener(name, (InetSocketAddress) channel.getLocalAddress(), channel);
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
		return this.channel.isOpen();
	}

	/**
	 * Starts the acceptor thread, once; later calls do nothing.
	 * @param handoff takes each accepted connection; closes it if it cannot serve it
	 */
	public synchronized void startAccepting(Consumer<SocketChannel> handoff) {
		if (this.acceptor != null) {
			return;
		}
		this.acceptor = new Thread(() -> acceptLoop(handoff),
				"hotreload-acceptor-" + this.name + "-" + this.localAddress.getPort());
		this.acceptor.setContextClassLoader(SharedListener.class.getClassLoader());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void acceptLoop(Consumer<SocketChannel> handoff) {
		long errorDelay = 0;
		while (this.channel.isOpen()) {
			SocketChannel connection;
			try {
				connection = this.channel.accept();
				errorDelay = 0;
			}
			catch (ClosedChannelException ex) {
				break;
			}
			catch (IOException ex) {
				// Out of file descriptors, say: back off like Tomcat's own acceptor does.
				errorDelay = (errorDelay == 0) ? 50 : Math.min(errorDelay * 2, MAX_ERROR_DELAY_MILLIS);
				logger.warn("Accepting a connection on " + this.localAddress + " failed; retrying in " + errorDelay
						+ " ms", ex);
				if (!sleep(errorDelay)) {
					break;
				}
				continue;
			}
			handOff(handoff, connection);
		}
		logger.debug("Stopped accepting on " + this.localAddress);
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
	 * Stops accepting and closes the socket. Connections already handed over stay open.
	 */
	@Override
	public void close() throws IOException {
		Thread acceptorThread;
		synchronized (this) {
			acceptorThread = this.acceptor;
		}
		this.channel.close();
		if (acceptorThread != null && acceptorThread != Thread.currentThread()) {
			try {
				acceptorThread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public String toString() {
		return "SharedListener[" + this.name + " " + this.localAddress + "]";
	}

}
