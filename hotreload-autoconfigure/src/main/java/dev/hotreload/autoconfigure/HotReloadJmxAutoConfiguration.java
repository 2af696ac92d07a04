package dev.hotreload.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.hotreload.context.Generation;
import dev.hotreload.jmx.GenerationObjectNamesPostProcessor;
import dev.hotreload.jmx.IntegrationMBeanNames;

/**
 * With JMX on ({@code spring.jmx.enabled=true}), every generation's MBean names carry its
 * number, so that two live generations register theirs side by side.
 */
@AutoConfiguration
@ConditionalOnSupportedWebServer
@ConditionalOnBooleanProperty(name = "hotreload.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("spring.jmx.enabled")
public final class HotReloadJmxAutoConfiguration {

	@Bean
	static GenerationObjectNamesPostProcessor hotReloadGenerationObjectNames(ListableBeanFactory beanFactory) {
		return new GenerationObjectNamesPostProcessor(() -> beanFactory.getBean(Generation.class).number());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.integration.monitor.IntegrationMBeanExporter")
	static class IntegrationMBeanNamesConfiguration {

		@Bean
		static IntegrationMBeanNames hotReloadIntegrationMBeanNames(ConfigurableListableBeanFactory beanFactory) {
			return new IntegrationMBeanNames(beanFactory);
		}

	}

}
