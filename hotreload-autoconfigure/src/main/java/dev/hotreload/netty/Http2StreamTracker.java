package dev.hotreload.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.jspecify.annotations.Nullable;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;

import dev.hotreload.logging.GenerationMdc;

/**
 * Follows one HTTP/2 stream (h2c, or h2 over TLS) of a generation's Netty server, as
 * {@link ConnectionTracker} and {@link GenerationResponseHeaders} follow an HTTP/1.1
 * connection: a stream is one exchange, with its own channel and pipeline, so it sits
 * there, between Reactor Netty's HTTP/2-to-HTTP/1.1 codec and its stream handler. It
 * counts its request in flight until the response's end is written or the stream closes
 * (a reset), counts the response (5xx apart) for the rollback's error ratio, names the
 * generation in a response header if asked and puts it in the logging MDC while the
 * request is read. No {@code Connection: close} here: HTTP/2 connections end with GOAWAY
 * ({@link Http2GoAway}).
 */
final class Http2StreamTracker extends ChannelDuplexHandler {

	static final String NAME = "hotreload.http2StreamTracker";

	private final NettyGenerationConnector connector;

	private final @Nullable String headerName;

	// On the stream's event loop only.

	private boolean inFlight;

	private int status;

	private Http2StreamTracker(NettyGenerationConnector connector, @Nullable String headerName) {
		this.connector = connector;
		this.headerName = headerName;
	}

	/**
	 * What follows each HTTP/2 stream of a generation's server from the moment Reactor
	 * Netty reports it connected: its channel is active, its pipeline built and its request
	 * not read yet. Reactor Netty tells the server's child observers of every connection,
	 * stream and request; the others are left alone.
	 * @param connector the generation's connector
	 * @param headerName the response header that names the generation, or {@code null}
	 * @return an observer for the server's children
	 */
	static ConnectionObserver observer(NettyGenerationConnector connector, @Nullable String headerName) {
		return (connection, state) -> {
			if (state == ConnectionObserver.State.CONNECTED
					&& connection.channel() instanceof Http2StreamChannel stream) {
				ChannelPipeline pipeline = stream.pipeline();
				if (pipeline.get(NettyPipeline.H2ToHttp11Codec) != null && pipeline.get(NAME) == null) {
					pipeline.addAfter(NettyPipeline.H2ToHttp11Codec, NAME, new Http2StreamTracker(connector, headerName));
				}
			}
		};
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest && !this.inFlight && this.status == 0) {
			this.inFlight = true;
			this.connector.requestStarted();
		}
		try (GenerationMdc.Scope scope = GenerationMdc.put(this.connector.generation())) {
			ctx.fireChannelRead(msg);
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		ChannelPromise written = promise;
		if (msg instanceof HttpResponse response) {
			int code = response.status().code();
			if (this.headerName != null && code != HttpResponseStatus.CONTINUE.code()) {
				response.headers().set(this.headerName, this.connector.generation());
			}
			if (code >= HttpResponseStatus.OK.code()) {
				this.status = code;
			}
		}
		if (msg instanceof LastHttpContent && this.status != 0 && this.inFlight) {
			int code = this.status;
			written = promise.unvoid();
			written.addListener((future) -> ended(future.isSuccess() ? code : 0));
		}
		ctx.write(msg, written);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		ended(0);
		ctx.fireChannelInactive();
	}

	/**
	 * @param code the response's status, 0 if the stream ended without one
	 */
	private void ended(int code) {
		if (this.inFlight) {
			this.inFlight = false;
			this.connector.requestEnded(code);
		}
	}

}
