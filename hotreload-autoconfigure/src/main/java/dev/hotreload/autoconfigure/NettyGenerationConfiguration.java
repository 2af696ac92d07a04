package dev.hotreload.autoconfigure;

import reactor.netty.http.HttpResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.netty.GoingAwayWebSockets;
import dev.hotreload.netty.NettyGenerationCustomizer;
import dev.hotreload.netty.ReactiveLongLivedConnections;

/**
 * A generation's Reactor Netty server, for a reactive web application (WebFlux), as Spring
 * Boot picks it: its server serves the shared listener (context mode), and its streaming
 * responses and WebSocket sessions go away when it drains.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(name = { NettyGenerationConfiguration.HTTP_SERVER, NettyGenerationConfiguration.FACTORY })
class NettyGenerationConfiguration {

	static final String HTTP_SERVER = "reactor.netty.http.server.HttpServer";

	static final String FACTORY = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory";

	static final String WEBFLUX = "org.springframework.web.reactive.DispatcherHandler";

	@Bean
	NettyGenerationCustomizer hotReloadNettyCustomizer(ReloadableApplication application, Generation generation,
			HotReloadProperties properties, ObjectProvider<ReactorResourceFactory> resources) {
		return customizer("server", application, generation, properties, resources);
	}

	static NettyGenerationCustomizer customizer(String name, ReloadableApplication application,
			Generation generation, HotReloadProperties properties, ObjectProvider<ReactorResourceFactory> resources) {
		return new NettyGenerationCustomizer(name, application, generation, properties.toSettings(),
				properties.responseHeader().nameIfEnabled(), () -> {
					ReactorResourceFactory factory = resources.getIfAvailable();
					return (factory != null) ? factory.getLoopResources() : HttpResources.get();
				});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = WEBFLUX)
	static class ReactiveLongLivedConfiguration {

		@Bean
		ReactiveLongLivedConnections hotReloadReactiveLongLivedConnections(Generation generation,
				HotReloadProperties properties) {
			return new ReactiveLongLivedConnections(generation.number(), properties.drain().toPolicy());
		}

		@Bean
		static GoingAwayWebSockets hotReloadGoingAwayWebSockets(
				ObjectProvider<ReactiveLongLivedConnections> connections) {
			return new GoingAwayWebSockets(connections);
		}

	}

}
