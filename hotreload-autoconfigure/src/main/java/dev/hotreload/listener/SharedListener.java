package dev.hotreload.listener;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A listening socket bound once for the life of the application and an acceptor thread
 * that hands every accepted connection to whichever generation is current. One socket
 * means one accept queue: a switch between generations never loses a queued connection.
 * The acceptor ({@link PausableAcceptor}) can {@link #pause} without closing the socket: a
 * worker process standing by for a rollback leaves the shared accept queue to the others
 * and takes it up again later.
 */
public final class SharedListener implements Closeable {

	private final String name;

	private final InetSocketAddress requestedAddress;

	private final ServerSocketChannel channel;

	private final InetSocketAddress localAddress;

	private final Closeable release;

	private final PausableAcceptor acceptor = new PausableAcceptor(this);

	private volatile boolean closed;

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
	public void startAccepting(Consumer<SocketChannel> handoff) {
		this.acceptor.start(handoff);
	}

	/**
	 * Stops accepting but keeps the socket open: connections queue for the other processes
	 * that share it. Connections already accepted are not touched.
	 */
	public void pause() {
		this.acceptor.pause();
	}

	/**
	 * Accepts again after {@link #pause}.
	 */
	public void resume() {
		this.acceptor.resume();
	}

	public boolean isPaused() {
		return this.acceptor.isPaused();
	}

	/**
	 * Stops accepting and lets go of the socket in this process. Connections already
	 * handed over stay open.
	 */
	@Override
	public void close() throws IOException {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.acceptor.stop();
		// Once the selector is closed, which deregisters the socket.
		this.release.close();
	}

	@Override
	public String toString() {
		return "SharedListener[" + this.name + " " + this.localAddress + "]";
	}

}
