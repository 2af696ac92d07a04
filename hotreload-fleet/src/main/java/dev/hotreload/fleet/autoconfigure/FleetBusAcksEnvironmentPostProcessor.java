package dev.hotreload.fleet.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Spring Cloud Bus's acknowledgements off for a fleet member, unless
 * {@code spring.cloud.bus.ack.enabled} is set. The bus acknowledges every event it
 * delivers with an event of its own to every member: a fleet's heartbeats would then cost
 * each member the square of the fleet's size in messages per heartbeat, not its size
 * (three members: twelve messages delivered to each, not three). The fleet never reads an
 * acknowledgement; its outcome and status events say what happened. Set the property to
 * {@code true} for the bus's trace of acknowledgements.
 */
public class FleetBusAcksEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String ACK_ENABLED = "spring.cloud.bus.ack.enabled";

	private static final String SOURCE = "hotreloadFleetBusDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hotreload.fleet.enabled", Boolean.class, false)
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		// Last: any source that sets the property, the user's or the bus's, wins.
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(ACK_ENABLED, "false")));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
