package dev.hotreload.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.AbstractApplicationContext;

import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.singleton.GenerationSingletons;
import dev.hotreload.singleton.SingletonLifecycleProcessor;

/**
 * Singleton work (scheduled tasks, message listeners, marked lifecycles) runs in one
 * generation at a time: each generation gets its {@link GenerationSingletons} and a
 * lifecycle processor that leaves them alone while they are held. It takes the place of
 * Spring Boot's lifecycle processor, with the same shutdown phase timeout.
 */
@AutoConfiguration(before = LifecycleAutoConfiguration.class)
@ConditionalOnSupportedWebServer
@ConditionalOnBooleanProperty(name = { "hotreload.enabled", "hotreload.singletons.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties({ HotReloadProperties.class, LifecycleProperties.class })
public final class SingletonAutoConfiguration {

	@Bean
	GenerationSingletons hotReloadGenerationSingletons(ObjectProvider<ReloadableApplication> application,
			ObjectProvider<Generation> generation, HotReloadProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		ReloadableApplication running = application.getIfAvailable();
		Generation own = generation.getIfAvailable();
		if (running == null || own == null) {
			return new GenerationSingletons(1, beanFactory, properties.singletons().toSettings(), false);
		}
		return running.singletons()
			.register(own.number(), own == running.firstGeneration(), (held) -> new GenerationSingletons(own.number(),
					beanFactory, properties.singletons().toSettings(), held));
	}

	@Bean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME,
			search = SearchStrategy.CURRENT)
	SingletonLifecycleProcessor hotReloadLifecycleProcessor(GenerationSingletons singletons,
			LifecycleProperties lifecycle) {
		SingletonLifecycleProcessor processor = new SingletonLifecycleProcessor(singletons);
		processor.setTimeoutPerShutdownPhase(lifecycle.getTimeoutPerShutdownPhase().toMillis());
		return processor;
	}

}
