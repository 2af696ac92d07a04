package dev.hotreload.jetty;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

import dev.hotreload.listener.SharedListener;

/**
 * A Jetty connector that never binds, accepts or closes a listening socket of its own: it
 * serves the connections a {@link SharedListener} hands to it, registering each with its
 * selectors as Jetty's own acceptor does, and reports the shared socket's port as its own
 * so that Spring Boot logs the real one. Its endpoints can leave, still open, for the
 * serving generation ({@link KeepAliveHandOver}).
 */
final class AdoptingServerConnector extends ServerConnector {

	private final SharedListener listener;

	private final KeepAliveHandOver handOver = new KeepAliveHandOver();

	// Handed to a selector but not yet an endpoint: they count as open, or a drain could
	// end, and the server stop, while one is on its way.
	private final AtomicInteger registering = new AtomicInteger();

	// Never counted down: Jetty's acceptor thread waits on it until Jetty interrupts it.
	private final CountDownLatch noAccepting = new CountDownLatch(1);

	private volatile boolean keepAliveStopped;

	/**
	 * @param server the generation's server
	 * @param listener the shared listener whose connections this connector serves
	 * @param selectors how many selectors, as the connector it replaces had
	 * @param factories the connection factories of the connector it replaces
	 */
	AdoptingServerConnector(Server server, SharedListener listener, int selectors, ConnectionFactory... factories) {
		// One acceptor: Jetty's start needs a server channel for none; this one waits.
		super(server, null, null, null, 1, selectors, factories);
		this.listener = listener;
	}

	KeepAliveHandOver handOver() {
		return this.handOver;
	}

	/**
	 * Nothing to open: the shared listener is bound already and outlives this connector.
	 */
	@Override
	public void open() {
	}

	@Override
	public int getLocalPort() {
		return this.listener.localAddress().getPort();
	}

	@Override
	public Object getTransport() {
		return this.listener.channel();
	}

	/**
	 * Jetty's acceptor thread waits here: connections come from the shared listener. Jetty
	 * interrupts its acceptors when the connector stops or shuts down, and its loop then ends.
	 */
	@Override
	public void accept(int acceptorID) {
		try {
			this.noAccepting.await();
		}
		catch (InterruptedException ex) {
			// Back to Jetty's loop, which checks whether to go on.
		}
	}

	/**
	 * Serves an accepted connection, as Jetty's own acceptor does; a connector that is not
	 * running closes it.
	 * @param connection the connection
	 */
	void serve(SocketChannel connection) {
		if (!isRunning()) {
			closeQuietly(connection);
			return;
		}
		this.registering.incrementAndGet();
		try {
			connection.configureBlocking(false);
			configure(connection.socket());
			getSelectorManager().accept(connection);
		}
		catch (IOException | RuntimeException ex) {
			this.registering.decrementAndGet();
			closeQuietly(connection);
		}
	}

	/**
	 * The connections this connector has open, those still being registered included.
	 * @return how many
	 */
	int openConnections() {
		return this.registering.get() + getConnectedEndPoints().size();
	}

	/**
	 * Ends or resumes keep-alive: each response committed from then on says
	 * {@code Connection: close} ({@link CloseWhenDraining}). Not through
	 * {@link #isShutdown()}, as Jetty's graceful shutdown does: Jetty then also closes a
	 * connection after a response committed keep-alive before, which told its client
	 * nothing, and fails a next request already on its way.
	 * @param stopped whether to end it
	 */
	void keepAliveStopped(boolean stopped) {
		this.keepAliveStopped = stopped;
	}

	boolean isKeepAliveStopped() {
		return this.keepAliveStopped;
	}

	@Override
	protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
		return new AdoptingSelectorManager(executor, scheduler, selectors);
	}

	@Override
	protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
		MigratableEndPoint endPoint = new MigratableEndPoint(channel, selector, key, getScheduler(), this.handOver);
		endPoint.setIdleTimeout(getIdleTimeout());
		return endPoint;
	}

	@Override
	protected void onEndPointOpened(EndPoint endpoint) {
		super.onEndPointOpened(endpoint);
		this.registering.decrementAndGet();
	}

	private static void closeQuietly(SocketChannel connection) {
		try {
			connection.close();
		}
		catch (IOException ex) {
			// Gone either way.
		}
	}

	/**
	 * Jetty's selector manager for this connector, which also hears of a connection that
	 * could not be registered.
	 */
	private final class AdoptingSelectorManager extends ServerConnectorManager {

		AdoptingSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
			super(executor, scheduler, selectors);
		}

		@Override
		protected void onAcceptFailed(SelectableChannel channel, Throwable cause) {
			AdoptingServerConnector.this.registering.decrementAndGet();
			super.onAcceptFailed(channel, cause);
		}

	}

}
