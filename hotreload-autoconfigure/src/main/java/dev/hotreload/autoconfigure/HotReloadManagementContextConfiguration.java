package dev.hotreload.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.jetty.JettyGenerationCustomizer;
import dev.hotreload.netty.NettyGenerationCustomizer;
import dev.hotreload.tomcat.TomcatGenerationCustomizer;

/**
 * The management server on its own port ({@code management.server.port}) runs in a child
 * context of each generation: its server serves a shared listener too, so a new generation
 * does not need to bind the management port the old one holds.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(ReloadableApplication.class)
class HotReloadManagementContextConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = TomcatGenerationConfiguration.TOMCAT)
	static class TomcatManagementConfiguration {

		@Bean
		TomcatGenerationCustomizer hotReloadManagementTomcatCustomizer(ReloadableApplication application,
				Generation generation, HotReloadProperties properties) {
			return new TomcatGenerationCustomizer("management", application, generation, properties.toSettings(),
					properties.responseHeader().nameIfEnabled());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { JettyGenerationConfiguration.JETTY, JettyGenerationConfiguration.FACTORY })
	static class JettyManagementConfiguration {

		@Bean
		JettyGenerationCustomizer hotReloadManagementJettyCustomizer(ReloadableApplication application,
				Generation generation, HotReloadProperties properties) {
			return new JettyGenerationCustomizer("management", application, generation, properties.toSettings(),
					properties.responseHeader().nameIfEnabled());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = { NettyGenerationConfiguration.HTTP_SERVER, NettyGenerationConfiguration.FACTORY })
	static class NettyManagementConfiguration {

		@Bean
		NettyGenerationCustomizer hotReloadManagementNettyCustomizer(ReloadableApplication application,
				Generation generation, HotReloadProperties properties,
				ObjectProvider<ReactorResourceFactory> resources) {
			return NettyGenerationConfiguration.customizer("management", application, generation, properties,
					resources);
		}

	}

}
