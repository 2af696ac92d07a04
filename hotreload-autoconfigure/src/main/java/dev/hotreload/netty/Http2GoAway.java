package dev.hotreload.netty;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2PingFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends one HTTP/2 connection (h2c, or h2 over TLS) of a draining generation without
 * cutting a stream, as the Tomcat and Jetty sides do: a GOAWAY with the highest stream id
 * and {@code NO_ERROR} (Netty's codec goes on accepting the streams its client opens), so
 * that its client opens new streams on a new connection, which reaches the serving
 * generation; then a PING. Once the client has answered that PING it has read the GOAWAY,
 * so every stream it opened before has arrived. When that is so, the GOAWAY is at least
 * {@link #GRACE} old and no stream is open, a last GOAWAY names the last stream processed
 * and the connection closes. A client that never answers keeps its connection until the
 * drain timeout. Sits at the end of the connection's pipeline, after Reactor Netty's
 * HTTP/2 multiplexer, which passes the PING's answer on.
 */
final class Http2GoAway extends ChannelInboundHandlerAdapter {

	/**
	 * How long a connection keeps its first GOAWAY before the last one: many round trips
	 * on the networks a reload serves, and short beside the drain timeout.
	 */
	static final Duration GRACE = Duration.ofSeconds(1);

	static final String NAME = "hotreload.http2GoAway";

	private static final Log logger = LogFactory.getLog(Http2GoAway.class);

	/** "goaway!" and a zero: what the PING after the GOAWAY carries. */
	private static final long PING_PAYLOAD = 0x676f61776179_2100L;

	private final long sentAt;

	// On the event loop only.

	private boolean answered;

	private boolean closing;

	private Http2GoAway(long sentAt) {
		this.sentAt = sentAt;
	}

	/**
	 * Sends the first GOAWAY and the PING to a connection that speaks HTTP/2 and has not
	 * had them, or closes it if its client answered, past the grace, with no stream open.
	 * Does nothing to an HTTP/1.1 connection. Runs on the connection's event loop; cheap
	 * enough to call at every check of a drain.
	 * @param channel the connection
	 */
	static void check(Channel channel) {
		// Netty's pipeline may be read from any thread: HTTP/1.1 connections cost no task.
		if (!channel.isActive() || channel.pipeline().get(Http2FrameCodec.class) == null) {
			return;
		}
		try {
			channel.eventLoop().execute(() -> checkOnEventLoop(channel));
		}
		catch (RuntimeException ex) {
			// Its event loop shut down: the connection is closing anyway.
		}
	}

	private static void checkOnEventLoop(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		Http2FrameCodec codec = pipeline.get(Http2FrameCodec.class);
		if (codec == null || !channel.isActive()) {
			return;
		}
		long now = System.nanoTime();
		if (!(pipeline.get(NAME) instanceof Http2GoAway goAway)) {
			pipeline.addLast(NAME, new Http2GoAway(now));
			channel.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
			channel.writeAndFlush(new DefaultHttp2PingFrame(PING_PAYLOAD));
			return;
		}
		if (!goAway.closing && goAway.answered && now - goAway.sentAt >= GRACE.toNanos()
				&& codec.connection().numActiveStreams() == 0) {
			goAway.closing = true;
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + channel + ", " + (now - goAway.sentAt) / 1_000_000
						+ " ms after its GOAWAY, with no stream open");
			}
			// The codec's last GOAWAY names the last stream it processed; then it closes.
			channel.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
			channel.close();
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == PING_PAYLOAD) {
			this.answered = true;
		}
		ctx.fireChannelRead(msg);
	}

}
