package dev.hotreload.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.jetty.JettyGenerationCustomizer;
import dev.hotreload.tomcat.TomcatLongLivedConnections;
import dev.hotreload.netty.GoingAwayWebSockets;
import dev.hotreload.netty.NettyGenerationCustomizer;
import dev.hotreload.netty.ReactiveLongLivedConnections;
import dev.hotreload.singleton.GenerationSingletons;
import dev.hotreload.tomcat.TomcatGenerationCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which server's generation customizer the application's type and the class path pick, as
 * Spring Boot picks the server itself.
 */
class WebServerSelectionTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HotReloadAutoConfiguration.class, SingletonAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HotReloadAutoConfiguration.class, SingletonAutoConfiguration.class));

	@Test
	void jettyWithoutTomcatGetsTheJettyCustomizer() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.catalina", "org.springframework.boot.tomcat"))
			.run((context) -> assertThat(context).hasSingleBean(ReloadableApplication.class)
				.hasSingleBean(JettyGenerationCustomizer.class)
				.hasSingleBean(GenerationSingletons.class)
				.doesNotHaveBean(TomcatGenerationCustomizer.class)
				.doesNotHaveBean(TomcatLongLivedConnections.class));
	}

	@Test
	void tomcatWithoutJettyGetsTheTomcatCustomizer() {
		this.runner.withClassLoader(new FilteredClassLoader("org.eclipse.jetty", "org.springframework.boot.jetty"))
			.run((context) -> assertThat(context).hasSingleBean(ReloadableApplication.class)
				.hasSingleBean(TomcatGenerationCustomizer.class)
				.hasSingleBean(TomcatLongLivedConnections.class)
				.doesNotHaveBean(JettyGenerationCustomizer.class)
				.doesNotHaveBean(NettyGenerationCustomizer.class)
				.doesNotHaveBean(ReactiveLongLivedConnections.class));
	}

	@Test
	void reactiveApplicationWithReactorNettyGetsTheNettyCustomizer() {
		this.reactiveRunner.run((context) -> assertThat(context).hasSingleBean(ReloadableApplication.class)
			.hasSingleBean(NettyGenerationCustomizer.class)
			.hasSingleBean(ReactiveLongLivedConnections.class)
			.hasSingleBean(GoingAwayWebSockets.class)
			.hasSingleBean(GenerationSingletons.class)
			.doesNotHaveBean(TomcatGenerationCustomizer.class)
			.doesNotHaveBean(JettyGenerationCustomizer.class)
			.doesNotHaveBean(TomcatLongLivedConnections.class));
	}

	@Test
	void reactiveApplicationWithoutReactorNettyGetsNoGenerationReload() {
		this.reactiveRunner
			.withClassLoader(new FilteredClassLoader("reactor.netty.http.server", "org.springframework.boot.reactor.netty"))
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadableApplication.class)
				.doesNotHaveBean(GenerationSingletons.class));
	}

	@Test
	void neitherServerMeansNoGenerationReload() {
		this.runner
			.withClassLoader(new FilteredClassLoader("org.apache.catalina", "org.springframework.boot.tomcat",
					"org.eclipse.jetty", "org.springframework.boot.jetty"))
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadableApplication.class)
				.doesNotHaveBean(GenerationSingletons.class));
	}

}
