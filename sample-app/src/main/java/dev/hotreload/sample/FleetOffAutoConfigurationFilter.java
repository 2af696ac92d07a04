package dev.hotreload.sample;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out the auto-configuration that the fleet starter brings (Spring Cloud Bus, Stream
 * and Function, RabbitMQ) unless {@code hotreload.fleet.enabled} is set,
 * as the {@code fleet} profile does. The sample carries the fleet starter for that profile
 * only; without this, every start and every generation paid for what it never uses (a sixth
 * of a start's CPU time), and RabbitMQ's unused connection factory kept each development
 * mode generation's classes alive (DevModeLeakIT: 51 class loaders after 50 reloads, 1
 * without). An application that uses these for itself would not filter them.
 */
public class FleetOffAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	// Not Spring Integration's: the sample's inbox uses it.
	private static final String[] FLEET_ONLY = { "org.springframework.cloud.", "org.springframework.boot.amqp." };

	private boolean fleet;

	@Override
	public void setEnvironment(Environment environment) {
		this.fleet = environment.getProperty("hotreload.fleet.enabled", Boolean.class, false);
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < matches.length; i++) {
			matches[i] = this.fleet || !isFleetOnly(autoConfigurationClasses[i]);
		}
		return matches;
	}

	private static boolean isFleetOnly(String autoConfiguration) {
		if (autoConfiguration == null) {
			return false;
		}
		for (String prefix : FLEET_ONLY) {
			if (autoConfiguration.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
