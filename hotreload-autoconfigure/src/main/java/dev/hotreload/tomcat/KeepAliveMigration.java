package dev.hotreload.tomcat;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;

/**
 * Moves an endpoint's idle keep-alive connections, still open, to the connector that
 * serves now. Off until {@link #start}; then two paths move connections:
 * <ul>
 * <li>the worker thread that has just answered a request and found nothing more to read
 * ({@link MigratingConnectionHandler}, the handler returning {@code OPEN});</li>
 * <li>a {@link #sweep} over the endpoint's connections, for those idle at the switch and
 * those that became idle without passing through the handler (after a sendfile).</li>
 * </ul>
 * And so that a client whose next request is already on the wire leaves the processor's
 * loop, {@link MigratableSocketWrapper} does not read at the keep-alive boundary.
 * Both hold the connection's lock, the one Tomcat's socket processor holds while it works
 * on the connection: the worker holds it already, the sweep only tries it and skips a
 * connection being processed. The poller thread does not take that lock, but after the
 * move it finds a cancelled key with no attachment and a wrapper already closed, and
 * whatever it does then ends in {@code close()}, which the claim made a no-op.
 */
final class KeepAliveMigration {

	private static final Log logger = LogFactory.getLog(KeepAliveMigration.class);

	private final AdoptingNioEndpoint endpoint;

	private volatile @Nullable Target target;

	private final AtomicInteger migrated = new AtomicInteger();

	KeepAliveMigration(AdoptingNioEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	void start(ConnectionHandOff handOff, GenerationConnector from) {
		this.target = new Target(handOff, from);
	}

	void stop() {
		this.target = null;
	}

	boolean isActive() {
		return this.target != null;
	}

	int migrated() {
		return this.migrated.get();
	}

	/**
	 * Moves every connection idle now. Runs on the drain's thread.
	 */
	void sweep() {
		if (this.target == null) {
			return;
		}
		for (SocketWrapperBase<NioChannel> wrapper : this.endpoint.getConnections()) {
			ReentrantLock lock = wrapper.getLock();
			// Not lock(): a connection whose lock is held is being processed, and moves
			// through the handler when its request is done.
			if (lock.tryLock()) {
				try {
					tryMigrate(wrapper);
				}
				finally {
					lock.unlock();
				}
			}
		}
	}

	/**
	 * Moves a connection if it is idle: HTTP/1.1, plain or over TLS with a session that
	 * can leave whole, no processor (not upgraded, not async), nothing read and not yet
	 * parsed, nothing left to write, no sendfile. The caller holds the connection's lock.
	 * @param wrapper the connection
	 * @return {@code true} if it moved
	 */
	boolean tryMigrate(SocketWrapperBase<NioChannel> wrapper) {
		Target to = this.target;
		if (to == null || wrapper.isClosed() || !(wrapper instanceof NioSocketWrapper nio)) {
			return false;
		}
		NioChannel channel = nio.getSocket();
		if (!canLeave(channel, wrapper) || wrapper.getCurrentProcessor() != null || nio.getSendfileData() != null
				|| !wrapper.getSocketBufferHandler().isReadBufferEmpty() || wrapper.hasDataToWrite()) {
			return false;
		}
		SocketChannel socket = channel.getIOChannel();
		SelectionKey key = socket.keyFor(nio.getPoller().getSelector());
		// No key yet: the poller has a registration for it queued, which would register
		// the socket again for this endpoint after the move. It is registered within a
		// poll, and the next sweep moves it.
		if (key == null || !key.isValid() || !to.handOff().canTakeFrom(to.from())) {
			return false;
		}
		if (!SocketWrapperClaim.claim(wrapper)) {
			return false;
		}
		// From here the socket is ours. The poller may be about to dispatch the key: with
		// no attachment and cancelled, it skips it or calls close(), a no-op now, and a
		// socket processor already queued for it returns at once on isClosed().
		key.attach(null);
		key.cancel();
		// The old selector forgets the cancelled key at its next select: wake it, so the
		// socket does not keep a key that reaches this generation.
		key.selector().wakeup();
		try {
			this.endpoint.getHandler().release(wrapper);
		}
		catch (RuntimeException ex) {
			logger.debug("Releasing the processor of a migrated connection failed", ex);
		}
		TlsHandOver tls = (channel instanceof MigratableSecureNioChannel secure)
				? secure.handOver(wrapper.getSniHostName(), wrapper.getNegotiatedProtocol(), this.endpoint.tlsIdentity())
				: null;
		this.migrated.incrementAndGet();
		try {
			to.handOff().handOff(socket, tls);
		}
		finally {
			// Counted down only now, so that the drain cannot end, and a retiring worker exit,
			// while the connection is still on its way to another process.
			this.endpoint.forget(socket);
		}
		return true;
	}

	/**
	 * A plain channel can leave between requests; a TLS one when its session can leave
	 * whole and it speaks HTTP/1.1 (an HTTP/2 connection, negotiated by ALPN, keeps its
	 * processor and does not get here, but its session must not move in any case).
	 */
	private static boolean canLeave(NioChannel channel, SocketWrapperBase<NioChannel> wrapper) {
		if (channel instanceof MigratableSecureNioChannel secure) {
			String protocol = wrapper.getNegotiatedProtocol();
			return (protocol == null || protocol.isEmpty() || TlsHandOver.HTTP_1_1.equals(protocol)) && secure.isIdle();
		}
		return !(channel instanceof SecureNioChannel);
	}

	private record Target(ConnectionHandOff handOff, GenerationConnector from) {
	}

}
