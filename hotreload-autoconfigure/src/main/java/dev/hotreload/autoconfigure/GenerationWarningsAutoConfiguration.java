package dev.hotreload.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.warning.GenerationWarningsReporter;

/**
 * Warns, in every generation, of what a reload does not suit: an in-memory database, SQL
 * scripts that run again, DevTools' restart. Needs no JDBC on the class path.
 */
@AutoConfiguration(after = HotReloadAutoConfiguration.class)
@ConditionalOnBean(ReloadableApplication.class)
public final class GenerationWarningsAutoConfiguration {

	@Bean
	GenerationWarningsReporter hotReloadGenerationWarnings(ReloadableApplication application, Generation generation,
			ConfigurableApplicationContext context) {
		return new GenerationWarningsReporter(application.localStatus().warnings(), generation.number(), context);
	}

}
