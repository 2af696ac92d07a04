package dev.hotreload.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;

import dev.hotreload.logging.GenerationMdc;

/**
 * Follows one HTTP/1.1 connection of a generation's Netty server, right after Reactor
 * Netty's HTTP codec, so that it sees every request the codec decodes (pipelined ones
 * included) and every response as it goes on the wire: it counts requests in flight and
 * responses (5xx apart) for the drain and the rollback's error ratio, and puts the
 * generation in the logging MDC while a request is read. When a response ends while its
 * generation drains by migration, its {@link IdleConnectionMove} moves the connection to
 * the serving generation if it is idle.
 */
final class ConnectionTracker extends ChannelDuplexHandler {

	static final String NAME = "hotreload.connectionTracker";

	/**
	 * The status of an upgrade to h2c: its request goes on as HTTP/2 stream 1, where
	 * {@link Http2StreamTracker} counts it and its response.
	 */
	private static final int CONTINUES_AS_STREAM = -1;

	private final NettyGenerationConnector connector;

	private final MigratableSocketChannel channel;

	private final IdleConnectionMove move;

	// The rest only on the event loop.

	private int pending;

	private boolean requestOpen;

	private boolean upgraded;

	private int status;

	ConnectionTracker(NettyGenerationConnector connector, MigratableSocketChannel channel) {
		this.connector = connector;
		this.channel = channel;
		this.move = new IdleConnectionMove(connector, channel, this::isBetweenRequests, this::describe);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest) {
			this.pending++;
			this.requestOpen = true;
			this.connector.requestStarted();
		}
		if (msg instanceof LastHttpContent) {
			this.requestOpen = false;
		}
		try (GenerationMdc.Scope scope = GenerationMdc.put(this.connector.generation())) {
			ctx.fireChannelRead(msg);
		}
	}

	@Override
	public void read(ChannelHandlerContext ctx) {
		if (this.move.holdsRead()) {
			return;
		}
		ctx.read();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		ChannelPromise written = promise;
		if (msg instanceof HttpResponse response) {
			int code = response.status().code();
			if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
				this.upgraded = true;
				boolean toH2c = response.headers().containsValue(HttpHeaderNames.UPGRADE, "h2c", true);
				this.status = toH2c ? CONTINUES_AS_STREAM : code;
			}
			else if (code >= HttpResponseStatus.OK.code()) {
				this.status = code;
			}
		}
		if (msg instanceof LastHttpContent && this.status != 0) {
			int code = this.status;
			this.status = 0;
			written = promise.unvoid();
			written.addListener((future) -> responded((code == CONTINUES_AS_STREAM) ? 0 : code));
		}
		ctx.write(msg, written);
	}

	private void responded(int code) {
		if (this.pending > 0) {
			this.pending--;
			this.connector.requestEnded(code);
		}
		if (this.upgraded || !this.channel.isActive()) {
			return;
		}
		if (this.connector.isMigrating()) {
			this.move.afterResponse(this.pending == 0 && !this.requestOpen);
		}
		else if (this.connector.isKeepAliveStopped() && this.pending == 0) {
			// A response committed before keep-alive ended said keep-alive; end it now.
			this.channel.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		for (; this.pending > 0; this.pending--) {
			this.connector.requestEnded(0);
		}
		ctx.fireChannelInactive();
	}

	/**
	 * Tries to move the connection on its event loop, once at a time: the drain's sweep of
	 * its generation's connections.
	 */
	void scheduleMove() {
		this.move.schedule();
	}

	/** Every request decoded so far read to its end and answered, and not upgraded. */
	private boolean isBetweenRequests() {
		return this.pending == 0 && !this.requestOpen && !this.upgraded;
	}

	private String describe() {
		return "pending " + this.pending + ", request open " + this.requestOpen + ", upgraded " + this.upgraded;
	}

}
