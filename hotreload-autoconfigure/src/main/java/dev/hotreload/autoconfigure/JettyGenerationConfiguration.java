package dev.hotreload.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.jetty.JettyGenerationCustomizer;
import dev.hotreload.jetty.JettyLongLivedConnections;

/**
 * A generation's embedded Jetty: its connector serves the shared listener (context mode),
 * and its async requests (SSE streams, long polls) end when it drains.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = { JettyGenerationConfiguration.JETTY, JettyGenerationConfiguration.FACTORY })
class JettyGenerationConfiguration {

	static final String JETTY = "org.eclipse.jetty.server.Server";

	static final String FACTORY = "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory";

	@Bean
	JettyGenerationCustomizer hotReloadJettyCustomizer(ReloadableApplication application, Generation generation,
			HotReloadProperties properties) {
		return new JettyGenerationCustomizer("server", application, generation, properties.toSettings(),
				properties.responseHeader().nameIfEnabled());
	}

	@Bean
	JettyLongLivedConnections hotReloadJettyLongLivedConnections(Generation generation,
			HotReloadProperties properties) {
		return new JettyLongLivedConnections(generation.number(), properties.drain().toPolicy());
	}

}
