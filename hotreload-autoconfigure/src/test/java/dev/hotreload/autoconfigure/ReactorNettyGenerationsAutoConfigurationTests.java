package dev.hotreload.autoconfigure;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.hotreload.reactor.SharedReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generation's context closing leaves Reactor Netty's JVM-wide resources to the others.
 */
class ReactorNettyGenerationsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				HotReloadAutoConfiguration.class, ReactorNettyGenerationsAutoConfiguration.class));

	@Test
	void closingAGenerationLeavesTheGlobalResources() {
		AtomicReference<HttpResources> global = new AtomicReference<>();
		this.runner.run((context) -> {
			assertThat(context).getBean(ReactorResourceFactory.class).isInstanceOf(SharedReactorResourceFactory.class);
			ReactorResourceFactory factory = context.getBean(ReactorResourceFactory.class);
			assertThat(factory.isUseGlobalResources()).isTrue();
			assertThat(factory.isRunning()).isTrue();
			global.set(HttpResources.get());
			assertThat(factory.getConnectionProvider()).isSameAs(global.get());
		});
		assertThat(global.get().isDisposed()).isFalse();
		assertThat(HttpResources.get()).isSameAs(global.get());
	}

	@Test
	void stopsWhenItsContextCloses() {
		AtomicReference<ReactorResourceFactory> factory = new AtomicReference<>();
		this.runner.run((context) -> factory.set(context.getBean(ReactorResourceFactory.class)));
		assertThat(factory.get().isRunning()).isFalse();
	}

	@Test
	void backsOffFromTheApplicationsOwnFactory() {
		this.runner.withUserConfiguration(OwnFactory.class)
			.run((context) -> assertThat(context).getBean(ReactorResourceFactory.class)
				.isNotInstanceOf(SharedReactorResourceFactory.class));
	}

	@Test
	void disabledWithHotReload() {
		this.runner.withPropertyValues("hotreload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorResourceFactory.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		@Bean
		ReactorResourceFactory ownFactory() {
			return new ReactorResourceFactory();
		}

	}

}
