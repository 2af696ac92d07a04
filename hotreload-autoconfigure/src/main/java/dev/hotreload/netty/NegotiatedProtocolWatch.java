package dev.hotreload.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import reactor.netty.NettyPipeline;

/**
 * Waits, on a TLS connection whose protocol ALPN chooses (HTTP/1.1 or h2), for Reactor
 * Netty to build its HTTP pipeline, which it does as the handshake completes; then adds
 * this generation's HTTP/1.1 handlers if HTTP/1.1 was chosen, and leaves. It sits right
 * after Reactor Netty's negotiation handler, which holds every byte read until it has
 * built the pipeline and left: so the first bytes it lets through, or the handshake's
 * completion, whichever comes first here, find the pipeline built, and the first request
 * is seen. HTTP/2 streams are followed on their own channels
 * ({@link Http2StreamTracker}).
 */
final class NegotiatedProtocolWatch extends ChannelInboundHandlerAdapter {

	static final String NAME = "hotreload.negotiatedProtocolWatch";

	private final NettyGenerationConnector connector;

	private final MigratableSocketChannel channel;

	NegotiatedProtocolWatch(NettyGenerationConnector connector, MigratableSocketChannel channel) {
		this.connector = connector;
		this.channel = channel;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		addHandlersOnceNegotiated(ctx);
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
		if (evt instanceof SslHandshakeCompletionEvent) {
			addHandlersOnceNegotiated(ctx);
		}
		ctx.fireUserEventTriggered(evt);
	}

	private void addHandlersOnceNegotiated(ChannelHandlerContext ctx) {
		if (ctx.isRemoved() || ctx.pipeline().get(NettyPipeline.H2OrHttp11Codec) != null) {
			return;
		}
		ctx.pipeline().remove(this);
		this.connector.addHttp11Handlers(this.channel);
	}

}
