package dev.hotreload.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.hotreload.metrics.GenerationLogbackMetrics;
import dev.hotreload.metrics.HotReloadMetrics;
import dev.hotreload.context.ReloadableApplication;

/**
 * Reload metrics on each generation's meter registry.
 */
@AutoConfiguration(
		after = { HotReloadAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class },
		before = LogbackMetricsAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ReloadableApplication.class)
public final class HotReloadMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HotReloadMetrics hotReloadMetrics(ReloadableApplication application) {
		return new HotReloadMetrics(application.service(), application);
	}

	/**
	 * Takes the place of Spring Boot's {@code LogbackMetrics}, which would keep every
	 * generation's meter registry alive.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LoggerContext.class, LogbackMetrics.class })
	@ConditionalOnBean(MeterRegistry.class)
	static class LogbackMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(LogbackMetrics.class)
		@Conditional(LogbackLoggerFactoryCondition.class)
		GenerationLogbackMetrics generationLogbackMetrics() {
			return GenerationLogbackMetrics.create();
		}

	}

	static class LogbackLoggerFactoryCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
			ConditionMessage.Builder message = ConditionMessage.forCondition("LogbackLoggerFactory");
			return (loggerFactory instanceof LoggerContext)
					? ConditionOutcome.match(message.because("ILoggerFactory is a Logback LoggerContext"))
					: ConditionOutcome.noMatch(message.because("ILoggerFactory is " + loggerFactory.getClass().getName()));
		}

	}

}
