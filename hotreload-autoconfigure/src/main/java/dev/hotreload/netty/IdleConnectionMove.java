package dev.hotreload.netty;

import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.ChannelOperations;

import dev.hotreload.context.ConnectionHandOff;

/**
 * Moves one idle HTTP/1.1 connection of a draining generation's Netty server to the serving
 * generation, for its {@link ConnectionTracker}.
 *
 * <p>Idle means, on the connection's event loop: between requests (the tracker says so),
 * the last response written to the socket, Reactor Netty done with it (no operations
 * bound), nothing buffered in the codec (the start of a next request read but not yet
 * decoded), and not TLS. A next request still in the socket moves with it and the new
 * generation reads it: once a response ends while its generation migrates, the connection
 * reads nothing more until the move has been tried, so that a client that sends its next
 * request as soon as it has that response (the answer to the reload that retired a
 * worker, say) reaches the serving generation, however late the event loop gets to the
 * move. The codec's buffer is read through Netty's protected {@code internalBuffer()}; if
 * that cannot be reached, no connection counts as idle and they all take the
 * {@code close} path.
 */
final class IdleConnectionMove {

	private static final Log logger = LogFactory.getLog(IdleConnectionMove.class);

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

	private final BooleanSupplier betweenRequests;

	private final Supplier<String> requestState;

	private final AtomicBoolean scheduled = new AtomicBoolean();

	// The rest only on the event loop.

	// Reads held back from the end of a response, while migrating, until the move is tried.
	private boolean holdingReads;

	private boolean readRequested;

	private int exchangeEndPolls;

	/**
	 * @param connector the connection's generation
	 * @param channel the connection
	 * @param betweenRequests whether every request read so far was answered (the tracker's)
	 * @param requestState the tracker's state, for the log
	 */
	IdleConnectionMove(NettyGenerationConnector connector, MigratableSocketChannel channel,
			BooleanSupplier betweenRequests, Supplier<String> requestState) {
		this.connector = connector;
		this.channel = channel;
		this.betweenRequests = betweenRequests;
		this.requestState = requestState;
	}

	/**
	 * A response ended while the generation migrates: holds the connection's reads if it is
	 * between requests, then tries to move it.
	 * @param betweenRequests whether it is
	 */
	void afterResponse(boolean betweenRequests) {
		if (betweenRequests) {
			holdReads();
		}
		// Once Reactor Netty has let go of the exchange, which it does as this write
		// completes, or, with WebFlux, once the handler has completed (tryMove waits).
		schedule();
	}

	/**
	 * Whether a read asked for now waits for the move to be tried (it is done then, if the
	 * connection stays).
	 * @return {@code true} if it waits
	 */
	boolean holdsRead() {
		if (this.holdingReads) {
			this.readRequested = true;
			return true;
		}
		return false;
	}

	/**
	 * Tries to move the connection on its event loop, once at a time.
	 */
	void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.channel.eventLoop().execute(() -> {
					this.scheduled.set(false);
					tryMove();
				});
			}
			catch (RuntimeException ex) {
				this.scheduled.set(false);
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
		return this.betweenRequests.getAsBoolean() && this.channel.isActive() && !this.channel.isClaimed()
				&& outbound != null && outbound.isEmpty() && pipeline.get(SslHandler.class) == null
				&& (!exchangeToo || ChannelOperations.get(this.channel) == null)
				&& pipeline.get(HttpServerCodec.class) != null && nothingBuffered(pipeline);
	}

	/** Why a connection is not idle, for the log. */
	private String state() {
		ChannelOutboundBuffer outbound = this.channel.unsafe().outboundBuffer();
		ChannelPipeline pipeline = this.channel.pipeline();
		return "migrating " + this.connector.isMigrating() + ", " + this.requestState.get() + ", active "
				+ this.channel.isActive() + ", written " + (outbound != null && outbound.isEmpty())
				+ ", exchange bound " + (ChannelOperations.get(this.channel) != null) + ", codec "
				+ (pipeline.get(HttpServerCodec.class) != null) + ", nothing buffered " + nothingBuffered(pipeline);
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
