package dev.hotreload.autoconfigure;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.tomcat.TomcatGenerationCustomizer;

/**
 * The management server on its own port ({@code management.server.port}) runs in a child
 * context of each generation: its Tomcat serves a shared listener too, so a new generation
 * does not need to bind the management port the old one holds.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
@ConditionalOnBean(ReloadableApplication.class)
class HotReloadManagementContextConfiguration {

	@Bean
	TomcatGenerationCustomizer hotReloadManagementTomcatCustomizer(ReloadableApplication application,
			Generation generation, HotReloadProperties properties) {
		return new TomcatGenerationCustomizer("management", application, generation, properties.toSettings(),
				properties.responseHeader().nameIfEnabled());
	}

}
