package dev.hotreload.fleet.autoconfigure;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a fleet member one bus id for the life of its JVM, unless
 * {@code spring.cloud.bus.id} is set: every generation of the application is then the same
 * member. (Spring Cloud Bus would otherwise derive one per context.) Runs before the bus's
 * own post-processor, which keeps an id that is set.
 */
public class FleetBusIdEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String JVM_ID = ProcessHandle.current().pid() + "-"
			+ UUID.randomUUID().toString().substring(0, 6);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hotreload.fleet.enabled", Boolean.class, false)
				|| environment.containsProperty("spring.cloud.bus.id")) {
			return;
		}
		String service = environment.getProperty("spring.application.name", "application");
		environment.getPropertySources()
			.addLast(new MapPropertySource("hotreloadFleetBusId", Map.of("spring.cloud.bus.id", service + ":" + JVM_ID)));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
