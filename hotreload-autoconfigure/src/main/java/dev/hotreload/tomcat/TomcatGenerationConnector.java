package dev.hotreload.tomcat;

import java.nio.channels.SocketChannel;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;

/**
 * A generation's Tomcat connector as the shared listeners and the drain see it.
 */
final class TomcatGenerationConnector implements GenerationConnector {

	private static final Log logger = LogFactory.getLog(TomcatGenerationConnector.class);

	private final Connector connector;

	private final AdoptingHttp11NioProtocol protocol;

	private final GenerationRequestValve inFlightRequests;

	private final ConnectionHandOff handOff;

	// What stopKeepAlive() replaced, for resumeServing(); 0 while keep-alive is on.
	private volatile int keepAliveRequestsBeforeStop;

	TomcatGenerationConnector(Connector connector, AdoptingHttp11NioProtocol protocol,
			GenerationRequestValve inFlightRequests, ConnectionHandOff handOff) {
		this.handOff = handOff;
		this.connector = connector;
		this.protocol = protocol;
		this.inFlightRequests = inFlightRequests;
	}

	@Override
	public void reserveConnection() throws InterruptedException {
		this.protocol.adoptingEndpoint().reserveConnection();
	}

	@Override
	public void releaseConnection() {
		this.protocol.adoptingEndpoint().releaseConnection();
	}

	@Override
	public void serve(SocketChannel connection) {
		this.protocol.adoptingEndpoint().serve(connection);
	}

	/**
	 * Tomcat reads this limit at every request: at 1 the response carries
	 * {@code Connection: close}. Unlike {@code pause()}, which answers requests on idle
	 * keep-alive connections with 503, every request is still served.
	 */
	@Override
	public void stopKeepAlive() {
		int limit = this.protocol.getMaxKeepAliveRequests();
		if (limit != 1) {
			this.keepAliveRequestsBeforeStop = limit;
		}
		this.protocol.setMaxKeepAliveRequests(1);
	}

	/**
	 * Goes on with a connection another generation's connector handed over: a plain one if
	 * this connector is plain, one with a TLS session if this connector's TLS configuration
	 * is the one that session was negotiated with. Otherwise (the serving connector changed
	 * between the check and the hand-off) the connection is closed.
	 */
	@Override
	public void serveMoved(SocketChannel connection, @Nullable Object carried) {
		TlsHandOver tls = (carried instanceof TlsHandOver handOver) ? handOver : null;
		TlsIdentity from = (tls != null) ? tls.identity() : null;
		if (!continues(from) || (tls != null && !presents(tls))) {
			this.protocol.adoptingEndpoint().closeReserved(connection);
			return;
		}
		this.protocol.adoptingEndpoint().serveMoved(connection, tls);
	}

	/**
	 * Plain connections go on on a plain connector; TLS ones on a connector with the same
	 * {@link TlsIdentity}, whose engines can outlive their endpoint (JSSE), so that a
	 * reload that changes {@code server.ssl.*} makes clients handshake with the new
	 * configuration.
	 */
	@Override
	public boolean canContinue(GenerationConnector other) {
		return other instanceof TomcatGenerationConnector tomcat
				&& continues(tomcat.protocol.adoptingEndpoint().tlsIdentity());
	}

	@Override
	public boolean isPlain() {
		return this.protocol.adoptingEndpoint().tlsIdentity() == null;
	}

	private boolean presents(TlsHandOver tls) {
		TlsIdentity own = this.protocol.adoptingEndpoint().tlsIdentity();
		return own != null && own.presents(tls.engine().getSession());
	}

	private boolean continues(@Nullable TlsIdentity from) {
		TlsIdentity own = this.protocol.adoptingEndpoint().tlsIdentity();
		return (own == null) ? from == null : own.movable() && own.equals(from);
	}

	/**
	 * Nothing moves when no other connector serves (a retiring worker, shutdown), or when
	 * it cannot go on with this one's connections (a TLS configuration changed by the
	 * reload, a plain connector after a TLS one): they take the {@code close} path.
	 */
	@Override
	public boolean startMigrating() {
		if (!this.handOff.canTakeFrom(this)) {
			return false;
		}
		this.protocol.adoptingEndpoint().migration().start(this.handOff, this);
		return true;
	}

	@Override
	public void goAwayHttp2() {
		this.protocol.adoptingEndpoint().http2GoAway().check();
	}

	@Override
	public void migrateIdleConnections() {
		this.protocol.adoptingEndpoint().migration().sweep();
	}

	@Override
	public void resumeServing() {
		this.protocol.adoptingEndpoint().migration().stop();
		int limit = this.keepAliveRequestsBeforeStop;
		if (limit != 0) {
			this.protocol.setMaxKeepAliveRequests(limit);
			this.keepAliveRequestsBeforeStop = 0;
		}
	}

	@Override
	public int migratedConnections() {
		return this.protocol.adoptingEndpoint().migration().migrated();
	}

	/**
	 * Stops the connector: its endpoint closes every connection and interrupts the
	 * threads still processing requests. The shared listener stays open.
	 */
	@Override
	public void forceClose() {
		try {
			this.connector.stop();
		}
		catch (LifecycleException ex) {
			logger.warn("Stopping " + this.connector + " failed", ex);
		}
	}

	@Override
	public int openConnections() {
		return this.protocol.adoptingEndpoint().openConnections();
	}

	@Override
	public int inFlightRequests() {
		return this.inFlightRequests.inFlight();
	}

	@Override
	public long responses() {
		return this.inFlightRequests.responses();
	}

	@Override
	public long serverErrors() {
		return this.inFlightRequests.serverErrors();
	}

}
