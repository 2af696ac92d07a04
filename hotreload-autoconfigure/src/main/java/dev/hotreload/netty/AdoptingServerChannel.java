package dev.hotreload.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.netty.channel.socket.nio.NioServerSocketChannel;

import dev.hotreload.listener.SharedListener;

/**
 * A generation's Reactor Netty server channel that never binds, listens or accepts: it
 * takes the connections a {@link SharedListener} hands it and fires each into its pipeline
 * as NIO's accept would, so that Reactor Netty's acceptor sets the child options, applies
 * its own child pipeline (HTTP codec, its handlers, the application's) unchanged and
 * registers the connection with its child event loops. Reactor Netty's bind is a no-op
 * here and the channel reports the shared socket's address as its own, so that Spring Boot
 * logs the real port. Closing it (when the web server stops) leaves the shared socket
 * alone.
 */
final class AdoptingServerChannel extends NioServerSocketChannel {

	private final InetSocketAddress address;

	private volatile boolean bound;

	/**
	 * @param address the shared listener's address, reported as this channel's
	 */
	AdoptingServerChannel(InetSocketAddress address) {
		// NIO's server channel opens a server socket it never binds; it only closes it.
		this.address = address;
	}

	@Override
	protected void doBind(SocketAddress localAddress) {
		this.bound = true;
	}

	@Override
	public boolean isActive() {
		return this.bound && isOpen();
	}

	@Override
	protected SocketAddress localAddress0() {
		return this.address;
	}

	/**
	 * Never watches its own socket: an unbound socket would be reported ready at once.
	 */
	@Override
	protected void doBeginRead() {
	}

	@Override
	protected int doReadMessages(List<Object> buf) {
		return 0;
	}

	/**
	 * Serves an accepted connection on this channel's event loop; closes it if this channel
	 * no longer serves.
	 * @param connection the connection
	 * @param adopted told of the connection's channel before Reactor Netty sees it
	 * @param refused told when the connection was closed instead
	 */
	void adopt(SocketChannel connection, Consumer<MigratableSocketChannel> adopted, Runnable refused) {
		try {
			eventLoop().execute(() -> {
				if (!isActive()) {
					refuse(connection, refused);
					return;
				}
				MigratableSocketChannel child;
				try {
					child = new MigratableSocketChannel(this, connection);
				}
				catch (RuntimeException ex) {
					refuse(connection, refused);
					return;
				}
				adopted.accept(child);
				pipeline().fireChannelRead(child);
				pipeline().fireChannelReadComplete();
			});
		}
		catch (IllegalStateException | RejectedExecutionException ex) {
			// Not registered, or its event loop shut down.
			refuse(connection, refused);
		}
	}

	private static void refuse(SocketChannel connection, Runnable refused) {
		closeQuietly(connection);
		refused.run();
	}

	static void closeQuietly(SocketChannel connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
	}

}
