package dev.hotreload.netty;

import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import org.jspecify.annotations.Nullable;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;

import dev.hotreload.context.ConnectionHandOff;
import dev.hotreload.context.GenerationConnector;
import dev.hotreload.listener.SharedListener;

/**
 * A generation's Netty server as the shared listener and the drain see it: the
 * connections it serves come from the shared listener through its
 * {@link AdoptingServerChannel}; it counts them, and their requests (HTTP/2 streams
 * included), and ends keep-alive or moves idle connections to the serving generation when
 * it drains.
 */
final class NettyGenerationConnector implements GenerationConnector {

	private final String generation;

	private final SharedListener listener;

	private final ConnectionHandOff handOff;

	private final boolean plain;

	private final ChannelHandler responseHeaders;

	private final Set<MigratableSocketChannel> connections = ConcurrentHashMap.newKeySet();

	// Handed to the server channel but not yet a channel: they count as open, or a drain
	// could end while one is on its way.
	private final AtomicInteger adopting = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong responses = new AtomicLong();

	private final AtomicLong serverErrors = new AtomicLong();

	private final AtomicInteger moved = new AtomicInteger();

	private volatile boolean keepAliveStopped;

	private volatile boolean migrating;

	private volatile @Nullable AdoptingServerChannel serverChannel;

	/**
	 * @param generation the generation's number
	 * @param listener the shared listener whose connections it serves
	 * @param handOff where its idle connections go when it drains by migration
	 * @param generationHeader the response header that names the generation, or
	 * {@code null} for none
	 * @param plain whether its connections are plain (no TLS)
	 */
	NettyGenerationConnector(int generation, SharedListener listener, ConnectionHandOff handOff,
			@Nullable String generationHeader, boolean plain) {
		this.generation = Integer.toString(generation);
		this.listener = listener;
		this.handOff = handOff;
		this.plain = plain;
		this.responseHeaders = new GenerationResponseHeaders(this, generationHeader);
	}

	/**
	 * The server channel Reactor Netty binds when the web server starts.
	 * @return a new channel, which this connector serves from now on
	 */
	AdoptingServerChannel newServerChannel() {
		AdoptingServerChannel channel = new AdoptingServerChannel(this.listener.localAddress());
		this.serverChannel = channel;
		return channel;
	}

	/**
	 * Adds this generation's handlers to a connection's pipeline, after Reactor Netty's own
	 * (a {@code ChannelPipelineConfigurer}). An HTTP/1.1 connection gets them, also when h2c
	 * is on (the HTTP/1.1 codec is then unnamed, before the h2c upgrade handler, and leaves
	 * the pipeline if the client starts with HTTP/2's preface); on TLS with ALPN they wait
	 * for the protocol the handshake chooses ({@link NegotiatedProtocolWatch}). HTTP/2
	 * streams get theirs as they open ({@link Http2StreamTracker#observer}).
	 * @param observer Reactor Netty's connection observer
	 * @param channel the connection
	 * @param remoteAddress its remote address
	 */
	void initChannel(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remoteAddress) {
		if (!(channel instanceof MigratableSocketChannel migratable)) {
			return;
		}
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
			pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, NegotiatedProtocolWatch.NAME,
					new NegotiatedProtocolWatch(this, migratable));
			return;
		}
		addHttp11Handlers(migratable);
	}

	/**
	 * Adds the connection tracker after the HTTP/1.1 codec and the response headers after
	 * Reactor Netty's traffic handler, if the connection speaks HTTP/1.1 (for now).
	 * @param channel the connection
	 */
	void addHttp11Handlers(MigratableSocketChannel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
		if (codec == null || pipeline.get(NettyPipeline.HttpTrafficHandler) == null) {
			return;
		}
		pipeline.addAfter(codec.name(), ConnectionTracker.NAME, new ConnectionTracker(this, channel));
		pipeline.addAfter(NettyPipeline.HttpTrafficHandler, GenerationResponseHeaders.NAME, this.responseHeaders);
	}

	String generation() {
		return this.generation;
	}

	ConnectionHandOff handOff() {
		return this.handOff;
	}

	boolean isKeepAliveStopped() {
		return this.keepAliveStopped;
	}

	boolean isMigrating() {
		return this.migrating;
	}

	void requestStarted() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * @param status the response's status, 0 if the connection closed first
	 */
	void requestEnded(int status) {
		this.inFlight.decrementAndGet();
		if (status != 0) {
			this.responses.incrementAndGet();
			if (status >= 500) {
				this.serverErrors.incrementAndGet();
			}
		}
	}

	void moved() {
		this.moved.incrementAndGet();
	}

	/**
	 * Nothing to wait for: Reactor Netty's connection limit, if set, refuses instead.
	 */
	@Override
	public void reserveConnection() {
	}

	@Override
	public void releaseConnection() {
	}

	@Override
	public void serve(SocketChannel connection) {
		AdoptingServerChannel server = this.serverChannel;
		if (server == null || !server.isActive()) {
			AdoptingServerChannel.closeQuietly(connection);
			return;
		}
		this.adopting.incrementAndGet();
		server.adopt(connection, this::adopted, this.adopting::decrementAndGet);
	}

	private void adopted(MigratableSocketChannel channel) {
		this.connections.add(channel);
		this.adopting.decrementAndGet();
		channel.closeFuture().addListener((future) -> this.connections.remove(channel));
	}

	/**
	 * Every later response closes its connection ({@code Connection: close}), and one
	 * committed before closes it as it completes. Idle connections stay until their next
	 * request or the drain timeout.
	 */
	@Override
	public void stopKeepAlive() {
		this.keepAliveStopped = true;
	}

	/**
	 * Plain connections go on on another plain Netty server; TLS ones do not move.
	 */
	@Override
	public boolean canContinue(GenerationConnector other) {
		return other instanceof NettyGenerationConnector netty && netty.isPlain() && isPlain();
	}

	@Override
	public boolean isPlain() {
		return this.plain;
	}

	@Override
	public boolean startMigrating() {
		if (!this.handOff.canTakeFrom(this)) {
			return false;
		}
		this.migrating = true;
		return true;
	}

	/**
	 * Each HTTP/2 connection gets GOAWAY and then closes once its client has read it and
	 * its streams are done ({@link Http2GoAway}).
	 */
	@Override
	public void goAwayHttp2() {
		this.connections.forEach(Http2GoAway::check);
	}

	@Override
	public void migrateIdleConnections() {
		for (MigratableSocketChannel channel : this.connections) {
			if (channel.pipeline().get(ConnectionTracker.NAME) instanceof ConnectionTracker tracker) {
				tracker.scheduleMove();
			}
		}
	}

	@Override
	public int migratedConnections() {
		return this.moved.get();
	}

	@Override
	public void resumeServing() {
		this.migrating = false;
		this.keepAliveStopped = false;
	}

	/**
	 * Closes every connection; the server channel closes when the web server stops, and the
	 * shared listener stays open.
	 */
	@Override
	public void forceClose() {
		this.connections.forEach(Channel::close);
	}

	@Override
	public int openConnections() {
		int adopting = this.adopting.get();
		// A connection Reactor Netty refused (its connection limit) closes without its close future.
		this.connections.removeIf((channel) -> !channel.isOpen());
		return adopting + this.connections.size();
	}

	@Override
	public int inFlightRequests() {
		return this.inFlight.get();
	}

	@Override
	public long responses() {
		return this.responses.get();
	}

	@Override
	public long serverErrors() {
		return this.serverErrors.get();
	}

}
