package dev.hotreload.tomcat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Ends a draining endpoint's HTTP/2 connections (h2c, and h2 over TLS) without cutting a
 * stream. Each gets what Tomcat's own {@code pause()} writes, a GOAWAY with the highest
 * stream id and {@code NO_ERROR}: its streams in flight go on, and its client opens new
 * streams on a new connection, which the shared listener gives to the serving generation.
 * The endpoint's {@code pause()} itself is not called: it answers HTTP/1.1 keep-alive
 * requests with 503.
 *
 * <p>Once a connection has had the GOAWAY for {@link #GRACE} and has no stream open, it is
 * closed the way Tomcat closes an idle HTTP/2 connection at its keep-alive timeout (the
 * {@code TIMEOUT} event): a last GOAWAY naming the last stream processed, then the close.
 * Without that the old generation would wait for the keep-alive timeout (20 s by default)
 * or for a client that closes by itself. WebSocket connections, upgraded too, are left to
 * their own going-away path.
 */
final class Http2GoAway {

	/**
	 * How long a connection keeps its GOAWAY before the last one: a stream its client
	 * opened before it read the first would be refused by the last. One second is many round
	 * trips on the networks a reload serves, and short beside the drain timeout.
	 */
	static final Duration GRACE = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(Http2GoAway.class);

	/** Tomcat's HTTP/2 connection handler, a class private to its package. */
	private static final Class<?> HTTP2_HANDLER;

	/** The handler of an upgraded connection, private to {@code UpgradeProcessorInternal}. */
	private static final Field UPGRADE_HANDLER;

	/** The streams a client has open on a connection, protected in {@code Http2UpgradeHandler}. */
	private static final Field ACTIVE_REMOTE_STREAMS;

	static {
		try {
			HTTP2_HANDLER = Class.forName("org.apache.coyote.http2.Http2UpgradeHandler", false,
					UpgradeProcessorInternal.class.getClassLoader());
			UPGRADE_HANDLER = UpgradeProcessorInternal.class.getDeclaredField("internalHttpUpgradeHandler");
			UPGRADE_HANDLER.setAccessible(true);
			ACTIVE_REMOTE_STREAMS = HTTP2_HANDLER.getDeclaredField("activeRemoteStreamCount");
			ACTIVE_REMOTE_STREAMS.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final AdoptingNioEndpoint endpoint;

	/** When each connection had its GOAWAY, and whether its close was asked for. */
	private final Map<SocketWrapperBase<NioChannel>, GoneAway> goneAway = new ConcurrentHashMap<>();

	Http2GoAway(AdoptingNioEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Makes a connector's HTTP/2 connections accept new streams for {@link #GRACE} after
	 * the first GOAWAY. Tomcat's default, no drain time, sends the last GOAWAY at the first
	 * new stream once a round trip has passed, measured by a ping on a quiet connection: a
	 * busy client whose next streams were already on the wire when the GOAWAY came would
	 * have them refused. Each connection reads the setting when it opens, so it is set on
	 * the protocol before any does.
	 * @param connector the connector
	 */
	static void configure(Connector connector) {
		for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
			if (protocol instanceof Http2Protocol http2) {
				http2.setDrainTimeout(GRACE.toNanos());
			}
		}
	}

	/**
	 * Sends GOAWAY to each HTTP/2 connection that has not had it (connections upgraded since
	 * the last call included) and closes those past their grace with no stream open. Cheap
	 * enough to call at every check of a drain. A connection being processed right now has
	 * no processor attached and is seen at the next call.
	 */
	void check() {
		long now = System.nanoTime();
		for (SocketWrapperBase<NioChannel> wrapper : this.endpoint.getConnections()) {
			Processor processor = (Processor) wrapper.getCurrentProcessor();
			Object http2 = http2Handler(processor);
			if (http2 == null || wrapper.isClosed()) {
				continue;
			}
			GoneAway sent = this.goneAway.get(wrapper);
			if (sent == null) {
				processor.pause();
				this.goneAway.put(wrapper, new GoneAway(now));
			}
			else if (!sent.closing && now - sent.nanoTime >= GRACE.toNanos() && activeStreams(http2) == 0) {
				sent.closing = true;
				if (logger.isDebugEnabled()) {
					logger.debug("Closing " + wrapper + ", " + (now - sent.nanoTime) / 1_000_000
							+ " ms after its GOAWAY, with no stream open");
				}
				// A TIMEOUT event on a container thread: the last GOAWAY, then the close.
				processor.timeoutAsync(-1);
			}
		}
		this.goneAway.keySet().removeIf(SocketWrapperBase::isClosed);
	}

	/**
	 * The HTTP/2 handler of a connection, {@code null} for HTTP/1.1 (no processor, or not an
	 * upgrade) and for WebSocket.
	 */
	private static @Nullable Object http2Handler(@Nullable Processor processor) {
		if (!(processor instanceof UpgradeProcessorInternal upgraded)) {
			return null;
		}
		try {
			Object handler = UPGRADE_HANDLER.get(upgraded);
			return HTTP2_HANDLER.isInstance(handler) ? handler : null;
		}
		catch (IllegalAccessException ex) {
			logger.debug("Cannot read the handler of an upgraded connection", ex);
			return null;
		}
	}

	private static int activeStreams(Object http2) {
		try {
			return ((AtomicInteger) ACTIVE_REMOTE_STREAMS.get(http2)).get();
		}
		catch (IllegalAccessException ex) {
			// Unknown: keep the connection, the keep-alive or the drain timeout closes it.
			return Integer.MAX_VALUE;
		}
	}

	private static final class GoneAway {

		private final long nanoTime;

		private volatile boolean closing;

		GoneAway(long nanoTime) {
			this.nanoTime = nanoTime;
		}

	}

}
