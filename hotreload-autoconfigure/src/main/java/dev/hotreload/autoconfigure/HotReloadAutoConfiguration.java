package dev.hotreload.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.hotreload.boot.GenerationAvailability;
import dev.hotreload.boot.GenerationLifecycle;
import dev.hotreload.cleanup.RetiredGenerationCleanup;
import dev.hotreload.dev.DevelopmentMode;
import dev.hotreload.generation.WorkerGeneration;
import dev.hotreload.process.WorkerLink;
import dev.hotreload.context.ApplicationLaunch;
import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.rollback.RollbackSettings;

/**
 * Generation reload for servlet applications on embedded Tomcat or Jetty, and for reactive
 * (WebFlux) applications on Reactor Netty. What does not depend on the server is here; each
 * server's customizer is in its own configuration, picked by the application's type and
 * the class path as Spring Boot picks the server. In the first generation
 * it creates the {@link ReloadableApplication} (in a worker process, one that serves the
 * supervisor's socket); later generations are handed the running one, so these beans are
 * skipped there.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
				"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration" },
		before = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnSupportedWebServer
@ConditionalOnBooleanProperty(name = "hotreload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HotReloadProperties.class)
@Import({ TomcatGenerationConfiguration.class, JettyGenerationConfiguration.class,
		NettyGenerationConfiguration.class })
public final class HotReloadAutoConfiguration {

	// Outlives this generation's context: closing it must not close the application.
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	ReloadableApplication reloadableApplication(ObjectProvider<ApplicationLaunch> launch,
			HotReloadProperties properties, ConfigurableEnvironment environment) throws IOException {
		WorkerLink worker = WorkerLink.current();
		if (worker == null) {
			ReloadableApplication application = new ReloadableApplication(launch.getIfAvailable(),
					properties.toSettings());
			List<Path> classDirectories = properties.dev().enabled()
					? DevelopmentMode.enable(application, launch.getIfAvailable(),
							RetiredGenerationCleanup::forgetClassLoader)
					: List.of();
			ReloadTriggers triggers = ReloadTriggers.of(properties, environment, classDirectories,
					application::requestReload);
			application.runWhileServing(triggers::start, triggers::stop);
			return application;
		}
		ReloadableApplication application = new ReloadableApplication(launch.getIfAvailable(),
				properties.toSettings(), worker.generation());
		worker.attach(application);
		return application;
	}

	@Bean
	@ConditionalOnMissingBean
	Generation hotReloadGeneration(ReloadableApplication application) {
		return application.firstGeneration();
	}

	@Bean
	@ConditionalOnMissingBean(ApplicationAvailability.class)
	GenerationAvailability applicationAvailability(Generation generation) {
		return new GenerationAvailability(generation);
	}

	@Bean
	WorkerGeneration workerGeneration(Generation generation) {
		return generation.info();
	}

	@Bean
	RollbackSettings hotReloadRollbackSettings(HotReloadProperties properties) {
		return properties.rollback().toSettings();
	}

	@Bean
	GenerationLifecycle hotReloadGenerationLifecycle(ReloadableApplication application, Generation generation,
			HotReloadProperties properties, ApplicationContext context,
			ObjectProvider<GoingAwayConnections> longLived) {
		generation.configure(properties.toSettings());
		generation.bind((ConfigurableApplicationContext) context);
		return new GenerationLifecycle(application, generation,
				GoingAwayConnections.of(longLived.orderedStream().toList()));
	}

}
