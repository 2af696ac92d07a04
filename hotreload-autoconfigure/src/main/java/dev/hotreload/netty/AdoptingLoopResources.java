package dev.hotreload.netty;

import java.time.Duration;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The event loops of another {@link LoopResources} (Reactor Netty's JVM-wide ones, shared
 * by every generation), with one difference: the server channel a server asks for is an
 * {@link AdoptingServerChannel}. Servers run on the NIO loops whatever they prefer: a
 * connection accepted by the shared listener is a JDK socket channel, which only NIO can
 * serve. Clients are not touched. Disposing these resources disposes nothing: the loops
 * outlive generations.
 */
final class AdoptingLoopResources implements LoopResources {

	private final LoopResources loops;

	private final Supplier<AdoptingServerChannel> serverChannels;

	AdoptingLoopResources(LoopResources loops, Supplier<AdoptingServerChannel> serverChannels) {
		this.loops = loops;
		this.serverChannels = serverChannels;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class) {
			return (C) this.serverChannels.get();
		}
		return this.loops.onChannel(channelType, group);
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		return this.loops.onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loops.onServer(false);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.loops.onServerSelect(false);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.loops.onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return this.loops.daemon();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.empty();
	}

}
