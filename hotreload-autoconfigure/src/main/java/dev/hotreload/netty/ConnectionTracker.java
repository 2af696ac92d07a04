package dev.hotreload.netty;

import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.ChannelOperations;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.logging.GenerationMdc;

/**
 * Follows one HTTP/1.1 connection of a generation's Netty server, right after Reactor
 * Netty's HTTP codec, so that it sees every request the codec decodes (pipelined ones
 * included) and every response as it goes on the wire: it counts requests in flight and
 * responses (5xx apart) for the drain and the rollback's error ratio, puts the generation in
 * the logging MDC while a request is read, and moves the connection to the serving
 * generation when it is idle and its generation drains by migration.
 *
 * <p>Idle means, on the connection's event loop: every request decoded so far read to its
 * end and answered, the last response written to the socket, Reactor Netty done with it (no
 * operations bound), nothing buffered in the codec (the start of a next request read but
 * not yet decoded), not upgraded (WebSocket, h2c) and not TLS. A next request still in the
 * socket moves with it and the new generation reads it: once a response ends while its
 * generation migrates, the connection reads nothing more until the move has been tried, so
 * that a client that sends its next request as soon as it has that response (the answer to
 * the reload that retired a worker, say) reaches the serving generation, however late the
 * event loop gets to the move. The codec's buffer is read through
 * Netty's protected {@code internalBuffer()}; if that cannot be reached, no connection
 * counts as idle and they all take the {@code close} path.
 */
final class ConnectionTracker extends ChannelDuplexHandler {

	static final String NAME = "hotreload.connectionTracker";

	private static final Log logger = LogFactory.getLog(ConnectionTracker.class);

	/**
	 * The status of an upgrade to h2c: its request goes on as HTTP/2 stream 1, where
	 * {@link Http2StreamTracker} counts it and its response.
	 */
	private static final int CONTINUES_AS_STREAM = -1;

	/**
	 * How often, and how long at most, a held connection waits for Reactor Netty to end its
	 * exchange (WebFlux ends it once its handler has completed, after the response's last
	 * write, on a busy machine a while after).
	 */
	private static final long EXCHANGE_END_POLL_MILLIS = 5;

	private static final int EXCHANGE_END_POLLS = 400;

	private static final @Nullable Method DECODER = method(CombinedChannelDuplexHandler.class, "inboundHandler");

	private static final @Nullable Method BUFFERED = method(ByteToMessageDecoder.class, "internalBuffer");

	private final NettyGenerationConnector connector;

	private final MigratableSocketChannel channel;

	private final AtomicBoolean moveScheduled = new AtomicBoolean();

	// The rest only on the event loop.

	private int pending;

	private boolean requestOpen;

	private boolean upgraded;

	private int status;

	// Reads held back from the end of a response, while migrating, until the move is tried.
	private boolean holdingReads;

	private boolean readRequested;

	private int exchangeEndPolls;

	ConnectionTracker(NettyGenerationConnector connector, MigratableSocketChannel channel) {
		this.connector = connector;
		this.channel = channel;
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
		if (this.holdingReads) {
			this.readRequested = true;
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
			if (this.pending == 0 && !this.requestOpen) {
				holdReads();
			}
			// Once Reactor Netty has let go of the exchange, which it does as this write
			// completes, or, with WebFlux, once the handler has completed (tryMove waits).
			scheduleMove();
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
	 * Tries to move the connection on its event loop, once at a time.
	 */
	void scheduleMove() {
		if (this.moveScheduled.compareAndSet(false, true)) {
			try {
				this.channel.eventLoop().execute(() -> {
					this.moveScheduled.set(false);
					tryMove();
				});
			}
			catch (RuntimeException ex) {
				this.moveScheduled.set(false);
				if (this.channel.eventLoop().inEventLoop()) {
					releaseReads();
				}
			}
		}
	}

	/**
	 * Stops reading, on the event loop: a next request stays in the socket, to move with it.
	 */
	private void holdReads() {
		if (!this.holdingReads) {
			this.holdingReads = true;
			this.exchangeEndPolls = 0;
			this.channel.stopReading();
		}
	}

	/**
	 * Reads again, as the connection stays: its next request is this generation's.
	 */
	private void releaseReads() {
		if (this.holdingReads) {
			this.holdingReads = false;
			if (this.readRequested || this.channel.config().isAutoRead()) {
				this.readRequested = false;
				this.channel.read();
			}
		}
	}

	private void tryMove() {
		if (this.channel.isClaimed()) {
			// Moved already: a later sweep.
			return;
		}
		if (this.holdingReads && this.connector.isMigrating() && isIdleOnceTheExchangeEnds()
				&& this.exchangeEndPolls++ < EXCHANGE_END_POLLS) {
			try {
				this.channel.eventLoop().schedule(this::tryMove, EXCHANGE_END_POLL_MILLIS, TimeUnit.MILLISECONDS);
				return;
			}
			catch (RuntimeException ex) {
				// The loop shuts down: read again below.
			}
		}
		if (!this.connector.isMigrating() || !isIdle()) {
			if (this.holdingReads && logger.isDebugEnabled()) {
				logger.debug("A connection whose response ended does not move now (" + state() + "); it reads again");
			}
			releaseReads();
			return;
		}
		ConnectionHandOff handOff = this.connector.handOff();
		if (!handOff.canTakeFrom(this.connector)) {
			if (this.holdingReads) {
				logger.debug("A connection whose response ended cannot move: nothing takes it; it reads again");
			}
			releaseReads();
			return;
		}
		SocketChannel socket;
		// Nothing more to read here, whatever happens next.
		this.holdingReads = false;
		try {
			socket = this.channel.claim();
		}
		catch (Exception ex) {
			logger.debug("Could not take an idle connection from Netty; closing it", ex);
			this.channel.close();
			return;
		}
		this.connector.moved();
		// Off the event loop: its selector forgets the cancelled key only at its next select,
		// which a hand-over to another process waits for, and that hand-over is a round trip.
		// The channel stays open (claimed), so the connection counts here until it has moved.
		try {
			GlobalEventExecutor.INSTANCE.execute(() -> handOver(handOff, socket));
		}
		catch (RuntimeException ex) {
			AdoptingServerChannel.closeQuietly(socket);
			this.channel.close();
		}
	}

	private void handOver(ConnectionHandOff handOff, SocketChannel socket) {
		try {
			handOff.handOff(socket, null);
		}
		catch (RuntimeException ex) {
			logger.warn("Handing over an idle connection failed; closing it", ex);
			AdoptingServerChannel.closeQuietly(socket);
		}
		finally {
			this.channel.close();
		}
	}

	/** Idle but for Reactor Netty's exchange, still bound. */
	private boolean isIdleOnceTheExchangeEnds() {
		return ChannelOperations.get(this.channel) != null && isIdle(false);
	}

	private boolean isIdle() {
		return isIdle(true);
	}

	private boolean isIdle(boolean exchangeToo) {
		ChannelOutboundBuffer outbound = this.channel.unsafe().outboundBuffer();
		ChannelPipeline pipeline = this.channel.pipeline();
		return this.pending == 0 && !this.requestOpen && !this.upgraded && this.channel.isActive()
				&& !this.channel.isClaimed() && outbound != null && outbound.isEmpty()
				&& pipeline.get(SslHandler.class) == null
				&& (!exchangeToo || ChannelOperations.get(this.channel) == null)
				&& pipeline.get(HttpServerCodec.class) != null && nothingBuffered(pipeline);
	}

	/** Why a connection is not idle, for the log. */
	private String state() {
		ChannelOutboundBuffer outbound = this.channel.unsafe().outboundBuffer();
		ChannelPipeline pipeline = this.channel.pipeline();
		return "migrating " + this.connector.isMigrating() + ", pending " + this.pending + ", request open "
				+ this.requestOpen + ", upgraded " + this.upgraded + ", active " + this.channel.isActive()
				+ ", written " + (outbound != null && outbound.isEmpty()) + ", exchange bound "
				+ (ChannelOperations.get(this.channel) != null) + ", codec " + (pipeline.get(HttpServerCodec.class) != null)
				+ ", nothing buffered " + nothingBuffered(pipeline);
	}

	/**
	 * Whether no decoder holds bytes read but not decoded yet: the HTTP/1.1 codec, and with
	 * h2c on the handler before it that looks for HTTP/2's preface in a connection's first
	 * bytes.
	 */
	private static boolean nothingBuffered(ChannelPipeline pipeline) {
		if (DECODER == null || BUFFERED == null) {
			return false;
		}
		try {
			for (Map.Entry<String, ChannelHandler> entry : pipeline) {
				Object handler = entry.getValue();
				if (handler instanceof CombinedChannelDuplexHandler<?, ?> combined) {
					handler = DECODER.invoke(combined);
				}
				if (handler instanceof ByteToMessageDecoder decoder && ((ByteBuf) BUFFERED.invoke(decoder)).isReadable()) {
					return false;
				}
			}
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return false;
		}
	}

	private static @Nullable Method method(Class<?> type, String name) {
		try {
			Method method = type.getDeclaredMethod(name);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("Netty's " + type.getSimpleName() + "." + name + "() cannot be reached: keep-alive"
					+ " connections of Netty will not move between generations (hotreload.drain.mode=migrate"
					+ " takes the close path)", ex);
			return null;
		}
	}

}
