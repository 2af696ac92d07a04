package dev.hotreload.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.tomcat.TomcatGenerationCustomizer;
import dev.hotreload.tomcat.TomcatLongLivedConnections;

/**
 * A generation's embedded Tomcat: its connector serves the shared listener, and its
 * long-lived connections (WebSocket sessions, async requests) go away when it drains.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = { TomcatGenerationConfiguration.TOMCAT, TomcatGenerationConfiguration.FACTORY })
class TomcatGenerationConfiguration {

	static final String TOMCAT = "org.apache.catalina.startup.Tomcat";

	static final String FACTORY = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";

	@Bean
	TomcatGenerationCustomizer hotReloadTomcatCustomizer(ReloadableApplication application, Generation generation,
			HotReloadProperties properties) {
		return new TomcatGenerationCustomizer("server", application, generation, properties.toSettings(),
				properties.responseHeader().nameIfEnabled());
	}

	@Bean
	TomcatLongLivedConnections hotReloadLongLivedConnections(Generation generation, HotReloadProperties properties) {
		return new TomcatLongLivedConnections(generation.number(), properties.drain().toPolicy());
	}

}
