package dev.hotreload.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

import dev.hotreload.singleton.GenerationSingletons;
import dev.hotreload.singleton.SingletonLifecycleProcessor;
import dev.hotreload.singleton.SingletonSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When singleton work moves between generations, and with which settings.
 */
class SingletonAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				HotReloadAutoConfiguration.class, SingletonAutoConfiguration.class, LifecycleAutoConfiguration.class));

	@Test
	void theFirstGenerationRunsItsSingletonWorkUnderTheGenerationsLifecycleProcessor() {
		this.runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=7s").run((context) -> {
			assertThat(context).hasSingleBean(GenerationSingletons.class);
			assertThat(context.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME))
				.isInstanceOf(SingletonLifecycleProcessor.class)
				.hasFieldOrPropertyWithValue("timeoutPerShutdownPhase", 7000L);
			GenerationSingletons singletons = context.getBean(GenerationSingletons.class);
			assertThat(singletons.isHeld()).isFalse();
			assertThat(singletons.generation()).isEqualTo(1);
			assertThat(singletons.settings()).isEqualTo(new SingletonSettings(true, Duration.ofSeconds(30), List.of()));
		});
	}

	@Test
	void settingsFromProperties() {
		this.runner.withPropertyValues("hotreload.singletons.stop-timeout=5s", "hotreload.singletons.beans=a,b")
			.run((context) -> assertThat(context.getBean(GenerationSingletons.class).settings())
				.isEqualTo(new SingletonSettings(true, Duration.ofSeconds(5), List.of("a", "b"))));
	}

	@Test
	void disabledByPropertyLeavesSpringBootsLifecycleProcessor() {
		this.runner.withPropertyValues("hotreload.singletons.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(GenerationSingletons.class);
			assertThat(context.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME).getClass())
				.isEqualTo(DefaultLifecycleProcessor.class);
		});
	}

	@Test
	void disabledWithHotReload() {
		this.runner.withPropertyValues("hotreload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GenerationSingletons.class));
	}

}
