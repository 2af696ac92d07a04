package dev.hotreload.jetty;

import java.nio.channels.SocketChannel;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;

/**
 * A generation's Jetty connector as the shared listeners and the drain see it.
 */
final class JettyGenerationConnector implements GenerationConnector {

	private static final Log logger = LogFactory.getLog(JettyGenerationConnector.class);

	private static final boolean HTTP2_PRESENT = ClassUtils.isPresent("org.eclipse.jetty.http2.HTTP2Connection",
			JettyGenerationConnector.class.getClassLoader());

	private final AdoptingServerConnector connector;

	// Only with Jetty's HTTP/2 on the class path.
	private final @Nullable Http2GoAway http2GoAway = HTTP2_PRESENT ? new Http2GoAway() : null;

	private final GenerationRequestHandler requests;

	private final ConnectionHandOff handOff;

	JettyGenerationConnector(AdoptingServerConnector connector, GenerationRequestHandler requests,
			ConnectionHandOff handOff) {
		this.connector = connector;
		this.requests = requests;
		this.handOff = handOff;
	}

	/**
	 * Nothing to wait for: Jetty has no connection slots of its own to take.
	 */
	@Override
	public void reserveConnection() {
	}

	@Override
	public void releaseConnection() {
	}

	@Override
	public void serve(SocketChannel connection) {
		this.connector.serve(connection);
	}

	/**
	 * Unlike a graceful shutdown of the connector, which also cuts the idle timeout of
	 * every connection, every request is still served: each response closes its connection.
	 */
	@Override
	public void stopKeepAlive() {
		this.connector.keepAliveStopped(true);
	}

	/**
	 * Plain connections go on on another plain Jetty connector; TLS ones do not move.
	 */
	@Override
	public boolean canContinue(GenerationConnector other) {
		return other instanceof JettyGenerationConnector jetty && jetty.isPlain() && isPlain();
	}

	@Override
	public boolean isPlain() {
		return this.connector.getConnectionFactory(SslConnectionFactory.class) == null;
	}

	@Override
	public boolean startMigrating() {
		if (!this.handOff.canTakeFrom(this)) {
			return false;
		}
		this.connector.handOver().start(this.handOff, this);
		return true;
	}

	@Override
	public void goAwayHttp2() {
		if (this.http2GoAway != null) {
			this.http2GoAway.check(this.connector.getConnectedEndPoints());
		}
	}

	@Override
	public void migrateIdleConnections() {
		this.connector.handOver().sweep(this.connector.getConnectedEndPoints());
	}

	@Override
	public int migratedConnections() {
		return this.connector.handOver().moved();
	}

	@Override
	public void resumeServing() {
		this.connector.handOver().stop();
		this.connector.keepAliveStopped(false);
	}

	/**
	 * Stops the connector: Jetty closes every connection it still has. The shared listener
	 * stays open.
	 */
	@Override
	public void forceClose() {
		try {
			this.connector.stop();
		}
		catch (Exception ex) {
			logger.warn("Stopping " + this.connector + " failed", ex);
		}
	}

	@Override
	public int openConnections() {
		return this.connector.openConnections();
	}

	@Override
	public int inFlightRequests() {
		return this.requests.inFlight();
	}

	@Override
	public long responses() {
		return this.requests.responses();
	}

	@Override
	public long serverErrors() {
		return this.requests.serverErrors();
	}

}
