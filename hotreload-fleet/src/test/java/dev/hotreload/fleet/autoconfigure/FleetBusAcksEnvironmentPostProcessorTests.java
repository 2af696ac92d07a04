package dev.hotreload.fleet.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet member's bus sends no acknowledgements unless the user asks for them, and an
 * application without the fleet keeps Spring Cloud Bus's default.
 */
class FleetBusAcksEnvironmentPostProcessorTests {

	private final FleetBusAcksEnvironmentPostProcessor postProcessor = new FleetBusAcksEnvironmentPostProcessor();

	@Test
	void aFleetMemberSendsNoAcknowledgements() {
		StandardEnvironment environment = environment(Map.of("hotreload.fleet.enabled", "true"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(FleetBusAcksEnvironmentPostProcessor.ACK_ENABLED, Boolean.class))
			.isFalse();
	}

	@Test
	void acknowledgementsAskedForStayOn() {
		StandardEnvironment environment = environment(
				Map.of("hotreload.fleet.enabled", "true", FleetBusAcksEnvironmentPostProcessor.ACK_ENABLED, "true"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(FleetBusAcksEnvironmentPostProcessor.ACK_ENABLED, Boolean.class))
			.isTrue();
	}

	@Test
	void withoutTheFleetTheBusKeepsItsDefault() {
		StandardEnvironment environment = environment(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty(FleetBusAcksEnvironmentPostProcessor.ACK_ENABLED)).isFalse();
	}

	@Test
	void springBootRunsIt() {
		// As SpringApplication finds them.
		assertThat(EnvironmentPostProcessorsFactory.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext()))
			.hasAtLeastOneElementOfType(FleetBusAcksEnvironmentPostProcessor.class);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
