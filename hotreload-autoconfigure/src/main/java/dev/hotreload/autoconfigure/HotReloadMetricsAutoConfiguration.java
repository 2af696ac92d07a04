package dev.hotreload.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.hotreload.metrics.HotReloadMetrics;
import dev.hotreload.reload.ReloadableApplication;

/**
 * Reload metrics on each generation's meter registry.
 */
@AutoConfiguration(after = HotReloadAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ReloadableApplication.class)
public final class HotReloadMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HotReloadMetrics hotReloadMetrics(ReloadableApplication application) {
		return new HotReloadMetrics(application);
	}

}
