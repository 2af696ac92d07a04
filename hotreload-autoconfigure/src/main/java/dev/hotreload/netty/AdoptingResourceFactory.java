package dev.hotreload.netty;

import java.util.function.Supplier;

import reactor.netty.resources.LoopResources;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * What a generation's Netty web server runs on: Spring Boot's web server asks its resource
 * factory for loop resources as it starts, after every server customizer, so this is where
 * the adopting server channel goes in. Never a bean and never started: it only answers
 * {@link #getLoopResources()}, with the application's loops (its
 * {@link ReactorResourceFactory}'s, shared by the generations) made adopting.
 */
final class AdoptingResourceFactory extends ReactorResourceFactory {

	private final Supplier<LoopResources> loops;

	private final Supplier<AdoptingServerChannel> serverChannels;

	AdoptingResourceFactory(Supplier<LoopResources> loops, Supplier<AdoptingServerChannel> serverChannels) {
		this.loops = loops;
		this.serverChannels = serverChannels;
	}

	@Override
	public LoopResources getLoopResources() {
		return new AdoptingLoopResources(this.loops.get(), this.serverChannels);
	}

}
