package dev.hotreload.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.Ssl;

import dev.hotreload.context.Generation;
import dev.hotreload.context.GenerationServerCustomizer;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.reload.ReloadSettings;

/**
 * Makes a generation's Reactor Netty server serve the application's shared listener
 * instead of binding a port of its own. Spring Boot's web server runs
 * its {@code HttpServer} on its factory's {@code ReactorResourceFactory} as it starts, after
 * every server customizer, so this replaces that resource factory with one whose server
 * channel is an {@link AdoptingServerChannel}, over the same event loops; the shared
 * listener is bound (or reused) when Spring Boot creates the server, as the other servers'
 * are, and this generation's handlers join each connection's pipeline after Reactor
 * Netty's.
 */
public class NettyGenerationCustomizer extends GenerationServerCustomizer<NettyReactiveWebServerFactory> {

	private final Supplier<LoopResources> loops;

	/**
	 * Creates a customizer for one generation's server.
	 * @param name what the server is: {@code server}, or {@code management} on its own port
	 * @param application the running application
	 * @param generation the generation whose server this customizes
	 * @param settings the generation's settings
	 * @param generationHeader the response header that names the generation, or
	 * {@code null} for none
	 * @param loops the event loops the server runs on (the application's
	 * {@code ReactorResourceFactory}'s), asked for when the server starts
	 */
	public NettyGenerationCustomizer(String name, ReloadableApplication application, Generation generation,
			ReloadSettings settings, @Nullable String generationHeader, Supplier<LoopResources> loops) {
		super(name, application, generation, settings, generationHeader);
		this.loops = loops;
	}

	@Override
	protected void serveSharedListener(NettyReactiveWebServerFactory factory, InetSocketAddress requested) {
		boolean plain = !Ssl.isEnabled(factory.getSsl());
		AtomicReference<NettyGenerationConnector> serving = new AtomicReference<>();
		factory.setResourceFactory(new AdoptingResourceFactory(this.loops, () -> {
			NettyGenerationConnector connector = serving.get();
			if (connector == null) {
				throw new IllegalStateException("hotreload's server customizer did not run for " + factory);
			}
			return connector.newServerChannel();
		}));
		factory.addServerCustomizers((server) -> {
			SharedListener listener = sharedListener(requested);
			NettyGenerationConnector connector = new NettyGenerationConnector(generation().number(), listener,
					handOffFor(listener), generationHeader(), plain);
			serving.set(connector);
			generation().attach(connector, listener);
			return server.doOnChannelInit(connector::initChannel)
				.childObserve(Http2StreamTracker.observer(connector, generationHeader()));
		});
	}

}
