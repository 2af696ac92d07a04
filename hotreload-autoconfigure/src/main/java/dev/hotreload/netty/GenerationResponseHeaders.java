package dev.hotreload.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import org.jspecify.annotations.Nullable;

/**
 * Sees each response of a generation's Netty server before Reactor Netty decides whether
 * its connection stays open: names the generation in a response header if asked, and while
 * keep-alive is stopped makes it {@code Connection: close}, which Reactor Netty honours by
 * closing the connection once the response is written (a pipelined request after it is
 * dropped, as HTTP says, for the client to send again). Interim and switching-protocols
 * responses keep their connection.
 */
@Sharable
final class GenerationResponseHeaders extends ChannelOutboundHandlerAdapter {

	static final String NAME = "hotreload.generationResponseHeaders";

	private final NettyGenerationConnector connector;

	private final @Nullable String headerName;

	GenerationResponseHeaders(NettyGenerationConnector connector, @Nullable String headerName) {
		this.connector = connector;
		this.headerName = headerName;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof HttpResponse response) {
			int code = response.status().code();
			if (this.headerName != null && code != HttpResponseStatus.CONTINUE.code()) {
				response.headers().set(this.headerName, this.connector.generation());
			}
			if (code >= HttpResponseStatus.OK.code() && this.connector.isKeepAliveStopped()) {
				HttpUtil.setKeepAlive(response, false);
			}
		}
		super.write(ctx, msg, promise);
	}

}
