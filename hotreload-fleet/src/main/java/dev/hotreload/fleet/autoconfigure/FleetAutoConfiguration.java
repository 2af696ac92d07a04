package dev.hotreload.fleet.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.bus.BusBridge;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.cloud.bus.jackson.RemoteApplicationEventScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.hotreload.autoconfigure.HotReloadAutoConfiguration;
import dev.hotreload.context.Generation;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.fleet.BusGateway;
import dev.hotreload.fleet.FleetEndpointExtension;
import dev.hotreload.fleet.FleetGenerationBinding;
import dev.hotreload.fleet.FleetMetrics;
import dev.hotreload.fleet.FleetNode;
import dev.hotreload.fleet.FleetNodes;
import dev.hotreload.fleet.event.FleetEvent;
import dev.hotreload.rollback.GenerationHealth;
import dev.hotreload.rollback.RollbackSettings;

/**
 * Fleet rollouts, with {@code hotreload.fleet.enabled=true}: this instance joins the fleet
 * on Spring Cloud Bus, and {@code POST /actuator/reload/fleet} starts a rollout.
 */
@AutoConfiguration(after = HotReloadAutoConfiguration.class,
		afterName = { "org.springframework.cloud.bus.BusAutoConfiguration",
				"org.springframework.cloud.bus.BusStreamAutoConfiguration",
				"org.springframework.cloud.bus.PathServiceMatcherAutoConfiguration" })
@ConditionalOnClass(BusBridge.class)
@ConditionalOnBooleanProperty("hotreload.fleet.enabled")
@ConditionalOnBean({ ReloadableApplication.class, BusBridge.class })
@EnableConfigurationProperties(FleetProperties.class)
@RemoteApplicationEventScan(basePackageClasses = FleetEvent.class)
public final class FleetAutoConfiguration {

	// Outlives this generation's context: the application owns it.
	@Bean(destroyMethod = "")
	FleetNode hotReloadFleetNode(ReloadableApplication application, ServiceMatcher bus, FleetProperties properties,
			Environment environment) {
		// In a worker process the bus id names the worker; the member is the instance.
		String member = environment.getProperty(FleetBusIdEnvironmentPostProcessor.MEMBER_ID, bus.getBusId());
		return FleetNodes.of(application,
				() -> new FleetNode(member, environment.getProperty("spring.application.name", "application"),
						version(), application.service(), properties.toSettings(), application.counters()));
	}

	@Bean
	FleetGenerationBinding hotReloadFleetGeneration(FleetNode node, Generation generation, BusBridge bus,
			ConfigurableApplicationContext context, ObjectProvider<RollbackSettings> rollback) {
		RollbackSettings settings = rollback.getIfAvailable(RollbackSettings::none);
		Duration window = settings.hasWindow() ? settings.window() : Duration.ZERO;
		return new FleetGenerationBinding(node, new BusGateway(generation.number(), bus, () -> {
			String problem = GenerationHealth.problem(context, settings.group());
			return (problem != null) ? problem : "UP";
		}, window));
	}

	@Bean
	FleetEndpointExtension hotReloadFleetEndpointExtension(FleetNode node) {
		return new FleetEndpointExtension(node);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class FleetMetricsConfiguration {

		@Bean
		FleetMetrics hotReloadFleetMetrics(FleetNode node) {
			return new FleetMetrics(node);
		}

	}

	private static String version() {
		try (InputStream in = FleetAutoConfiguration.class.getResourceAsStream("/META-INF/hotreload-fleet.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
