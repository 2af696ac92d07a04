package dev.hotreload.autoconfigure;

import reactor.netty.http.HttpResources;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.reactor.SharedReactorResourceFactory;

/**
 * With Reactor Netty on the class path (a WebFlux application's server, WebClient, or a
 * library that brings WebFlux, such as Spring Cloud Stream's RabbitMQ binder), each generation's {@link ReactorResourceFactory}
 * shares Reactor Netty's global resources instead of disposing them when the generation
 * closes: Spring Boot's factory would dispose what the live generation uses.
 */
@AutoConfiguration(after = HotReloadAutoConfiguration.class, beforeName = {
		"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
		"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration" })
@ConditionalOnClass({ ReactorResourceFactory.class, HttpResources.class })
@ConditionalOnBean(ReloadableApplication.class)
public final class ReactorNettyGenerationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReactorResourceFactory reactorResourceFactory() {
		return new SharedReactorResourceFactory();
	}

}
