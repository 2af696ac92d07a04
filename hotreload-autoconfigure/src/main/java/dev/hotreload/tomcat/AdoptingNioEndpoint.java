package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import dev.hotreload.listener.SharedListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * A NIO endpoint that never binds, accepts or closes a listening socket of its own: it
 * serves the connections a {@link SharedListener} hands to it and reports the shared
 * socket as its own, so Tomcat and Spring Boot see the real local port. When its
 * generation drains by migration it hands its idle keep-alive connections, still open, to
 * the serving generation ({@link KeepAliveMigration}), and tells its HTTP/2 connections to
 * go away ({@link Http2GoAway}).
 */
public class AdoptingNioEndpoint extends NioEndpoint {

	private static final Log logger = LogFactory.getLog(AdoptingNioEndpoint.class);

	/** Tomcat's cache of channels to reuse, private to {@code NioEndpoint}. */
	private static final Field NIO_CHANNELS;

	static {
		try {
			NIO_CHANNELS = NioEndpoint.class.getDeclaredField("nioChannels");
			NIO_CHANNELS.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile SharedListener listener;

	private final KeepAliveMigration migration = new KeepAliveMigration(this);

	private final Http2GoAway http2GoAway = new Http2GoAway(this);

	private volatile @Nullable ReadTlsIdentity tlsIdentity;

	/**
	 * Wraps the protocol's connection handler, which the protocol's constructor set, so
	 * that connections can move when their request is done.
	 */
	void enableMigration() {
		setHandler(new MigratingConnectionHandler(getHandler(), this.migration));
	}

	KeepAliveMigration migration() {
		return this.migration;
	}

	Http2GoAway http2GoAway() {
		return this.http2GoAway;
	}

	/**
	 * Forgets a connection claimed by {@link KeepAliveMigration}: what {@code close()}
	 * would do, except closing the socket.
	 * @param socket the connection's socket
	 */
	void forget(SocketChannel socket) {
		this.connections.remove(socket);
		countDownConnection();
	}

	/**
	 * The TLS configuration this endpoint's connections rely on, read again whenever its
	 * host configurations were replaced (Spring Boot does so when an SSL bundle reloads).
	 * @return the identity, or {@code null} for a plain endpoint
	 */
	@Nullable TlsIdentity tlsIdentity() {
		if (!isSSLEnabled()) {
			return null;
		}
		SSLHostConfig[] configs = findSslHostConfigs();
		ReadTlsIdentity read = this.tlsIdentity;
		if (read == null || !Arrays.equals(read.configs(), configs)) {
			read = new ReadTlsIdentity(configs, TlsIdentity.of(this));
			this.tlsIdentity = read;
		}
		return read.identity();
	}

	/**
	 * Reads the TLS identity as the endpoint starts, before a reload can change what its
	 * configuration points at (a key store file replaced in place, say).
	 */
	@Override
	public void startInternal() throws Exception {
		super.startInternal();
		tlsIdentity();
	}

	/**
	 * Attaches the shared listener whose connections this endpoint will serve. Must be
	 * called before the connector starts.
	 * @param listener the shared listener
	 */
	public void attach(SharedListener listener) {
		this.listener = listener;
	}

	@Override
	protected void initServerSocket() {
		if (this.listener == null) {
			throw new IllegalStateException("No shared listener attached to endpoint " + getName());
		}
	}

	@Override
	protected NetworkChannel getServerSocket() {
		SharedListener attached = this.listener;
		return (attached != null) ? attached.channel() : null;
	}

	@Override
	protected void doCloseServerSocket() {
		// The shared listener belongs to the JVM: closing it would refuse connections
		// that the next generation is ready to serve.
	}

	@Override
	protected void unlockAccept() {
		// No acceptor thread is blocked in accept(): nothing to unlock. Tomcat's own
		// unlock would open a dummy connection to the shared port.
	}

	@Override
	protected void startAcceptorThread() {
		// Tomcat calls stopMillis on the acceptor when stopping, so one must exist.
		this.acceptor = new IdleAcceptor(this);
	}

	/**
	 * Takes a connection slot, waiting while the endpoint is at {@code maxConnections}.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void reserveConnection() throws InterruptedException {
		countUpOrAwaitConnection();
	}

	/**
	 * Gives back a slot taken by {@link #reserveConnection()} that was not used.
	 */
	void releaseConnection() {
		countDownConnection();
	}

	/**
	 * Closes a connection in a slot taken by {@link #reserveConnection()}, giving the slot
	 * back.
	 * @param connection the connection
	 */
	void closeReserved(SocketChannel connection) {
		closeSocket(connection);
	}

	/**
	 * Serves a connection in a slot taken by {@link #reserveConnection()}, as Tomcat's own
	 * acceptor does; a stopping endpoint closes it instead.
	 * @param connection the accepted connection
	 */
	void serve(SocketChannel connection) {
		if (!isRunning() || isPaused()) {
			destroySocket(connection);
		}
		else if (!setSocketOptions(connection)) {
			closeSocket(connection);
		}
	}

	/**
	 * Goes on with a connection that another generation's endpoint handed over between
	 * requests, in a slot taken by {@link #reserveConnection()}: with the TLS session it
	 * carries, if any. A stopping endpoint, or one that cannot take that session, closes it.
	 * @param connection the connection
	 * @param tls its TLS session, or {@code null} for a plain connection
	 */
	void serveMoved(SocketChannel connection, @Nullable TlsHandOver tls) {
		if (!isRunning() || isPaused()) {
			destroySocket(connection);
		}
		else if (!setSocketOptions(connection, tls)) {
			closeSocket(connection);
		}
	}

	/**
	 * What Tomcat's own {@code setSocketOptions} does, with a {@link MigratableSocketWrapper}
	 * instead of a plain one. Channels are still taken from Tomcat's private cache.
	 */
	@Override
	protected boolean setSocketOptions(SocketChannel socket) {
		return setSocketOptions(socket, null);
	}

	/**
	 * Creates the channels of a TLS endpoint as {@link MigratableSecureNioChannel}s, so
	 * their sessions can move.
	 */
	@Override
	protected NioChannel createChannel(SocketBufferHandler buffer) {
		return isSSLEnabled() ? new MigratableSecureNioChannel(buffer, this) : super.createChannel(buffer);
	}

	private boolean setSocketOptions(SocketChannel socket, @Nullable TlsHandOver tls) {
		if (tls != null && !isSSLEnabled()) {
			return false;
		}
		NioSocketWrapper socketWrapper = null;
		try {
			NioChannel channel = pooledChannel();
			if (channel == null) {
				channel = createChannel(new SocketBufferHandler(this.socketProperties.getAppReadBufSize(),
						this.socketProperties.getAppWriteBufSize(), this.socketProperties.getDirectBuffer()));
			}
			NioSocketWrapper newWrapper = new MigratableSocketWrapper(channel, this, this.migration);
			channel.reset(socket, newWrapper);
			if (tls != null) {
				((MigratableSecureNioChannel) channel).adopt(tls);
				newWrapper.setSniHostName(tls.sniHostName());
				newWrapper.setNegotiatedProtocol(tls.negotiatedProtocol());
			}
			this.connections.put(socket, newWrapper);
			socketWrapper = newWrapper;
			socket.configureBlocking(false);
			if (getUnixDomainSocketPath() == null) {
				this.socketProperties.setProperties(socket.socket());
			}
			socketWrapper.setReadTimeout(getConnectionTimeout());
			socketWrapper.setWriteTimeout(getConnectionTimeout());
			socketWrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
			getPoller().register(socketWrapper);
			return true;
		}
		catch (Throwable ex) {
			ExceptionUtils.handleThrowable(ex);
			try {
				logger.error(sm.getString("endpoint.socketOptionsError"), ex);
			}
			catch (Throwable logFailure) {
				ExceptionUtils.handleThrowable(logFailure);
			}
			if (socketWrapper == null) {
				destroySocket(socket);
			}
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	private @Nullable NioChannel pooledChannel() {
		try {
			SynchronizedStack<NioChannel> pool = (SynchronizedStack<NioChannel>) NIO_CHANNELS.get(this);
			return (pool != null) ? pool.pop() : null;
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

	/**
	 * The connections this endpoint has open.
	 * @return the open connection count
	 */
	int openConnections() {
		long count = getConnectionCount();
		return (count >= 0) ? (int) count : getConnections().size();
	}

	/**
	 * A TLS identity and the host configurations (compared by reference) it was read from.
	 */
	private record ReadTlsIdentity(SSLHostConfig[] configs, TlsIdentity identity) {
	}

}
