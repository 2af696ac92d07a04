package dev.hotreload.jetty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.frames.Frame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.Callback;

/**
 * Ends a draining connector's HTTP/2 connections (h2c, and h2 over TLS) without cutting a
 * stream, as the Tomcat side does: each gets a GOAWAY with the highest stream id and
 * {@code NO_ERROR}, so that its streams in flight go on and its client opens new streams
 * on a new connection, which reaches the serving generation. A PING follows it: once the
 * client has answered that PING it has read the GOAWAY, so every stream it opened before
 * has reached the server. When that is so, the GOAWAY is at least {@link #GRACE} old and
 * no stream is open, a last GOAWAY names the last stream processed and the connection is
 * closed. A client that never answers keeps its connection until the drain timeout.
 *
 * <p>Jetty's own graceful shutdown ({@code HTTP2Session.shutdown()}) sends the same first
 * GOAWAY but the last one as soon as no stream is open, which refuses a stream its client
 * sent before it read the first (seen under load, with a client slow to read): so the
 * first is written as a plain frame, which leaves the session accepting streams, and the
 * last comes from {@code close}. Only loaded when Jetty's HTTP/2 server is on the class
 * path.
 */
final class Http2GoAway {

	/**
	 * How long a connection keeps its first GOAWAY before the last one: many round trips
	 * on the networks a reload serves, and short beside the drain timeout.
	 */
	static final Duration GRACE = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(Http2GoAway.class);

	/** "goaway!" and a zero: what the PING after the GOAWAY carries. */
	private static final long PING_PAYLOAD = 0x676f61776179_2100L;

	/** When each session had its first GOAWAY. */
	private final Map<HTTP2Session, Long> goneAway = new ConcurrentHashMap<>();

	/** The sessions whose client answered the PING sent after the GOAWAY. */
	private final Set<Session> answered = ConcurrentHashMap.newKeySet();

	/** The sessions whose close was asked for. */
	private final Set<HTTP2Session> closing = ConcurrentHashMap.newKeySet();

	private final HTTP2Session.FrameListener pingAnswers = new HTTP2Session.FrameListener() {

		@Override
		public void onIncomingFrame(Session session, Frame frame) {
			if (frame instanceof PingFrame ping && ping.isReply() && ping.getPayloadAsLong() == PING_PAYLOAD) {
				Http2GoAway.this.answered.add(session);
			}
		}

	};

	/**
	 * Sends the first GOAWAY and the PING to each HTTP/2 connection that has not had them
	 * (connections upgraded since the last call included) and closes those whose client
	 * answered, past their grace, with no stream open. Cheap enough to call at every check
	 * of a drain.
	 * @param endPoints the connector's endpoints
	 */
	void check(Iterable<EndPoint> endPoints) {
		long now = System.nanoTime();
		for (EndPoint endPoint : endPoints) {
			if (!(http2(endPoint.getConnection()) instanceof HTTP2Connection connection) || !endPoint.isOpen()) {
				continue;
			}
			HTTP2Session session = connection.getSession();
			if (session.getBytesWritten() == 0) {
				// Its SETTINGS, the first frame a server sends, are not out yet: next check.
				continue;
			}
			Long sent = this.goneAway.putIfAbsent(session, now);
			if (sent == null) {
				session.addEventListener(this.pingAnswers);
				session.frames(null, List.of(GoAwayFrame.GRACEFUL, new PingFrame(PING_PAYLOAD, false)),
						Callback.NOOP);
			}
			else if (now - sent >= GRACE.toNanos() && this.answered.contains(session)
					&& session.getStreamCount() == 0 && this.closing.add(session)) {
				if (logger.isDebugEnabled()) {
					logger.debug("Closing " + session + ", " + (now - sent) / 1_000_000
							+ " ms after its GOAWAY, with no stream open");
				}
				// The last GOAWAY names the last stream processed; then the close.
				session.close(ErrorCode.NO_ERROR.code, "close", Callback.from(session.getEndPoint()::close));
			}
		}
		this.goneAway.keySet().removeIf((session) -> !session.getEndPoint().isOpen());
		this.closing.removeIf((session) -> !session.getEndPoint().isOpen());
		this.answered.removeIf((session) -> !this.goneAway.containsKey(session));
	}

	/** Over TLS, HTTP/2 runs on the endpoint the TLS connection decrypts to. */
	private static Connection http2(Connection connection) {
		return (connection instanceof SslConnection tls) ? tls.getSslEndPoint().getConnection() : connection;
	}

}
