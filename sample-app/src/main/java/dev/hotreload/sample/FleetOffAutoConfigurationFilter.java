package dev.hotreload.sample;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out the auto-configuration that the fleet starter brings (Spring Cloud Bus, Stream
 * and Function, RabbitMQ) unless {@code hotreload.fleet.enabled} is set, as the
 * {@code fleet} profile does. The sample carries the fleet starter for that profile only;
 * without this, every start and every generation paid for what it never uses (a sixth of a
 * start's CPU time). {@code sample.rabbit.enabled} brings back RabbitMQ's alone, which
 * needs no broker to start: {@code DevModeLeakIT} reloads with it, since its
 * {@code @RabbitListener} processor made Spring cache every development mode generation's
 * classes (21 class loaders alive after 20 reloads, 1 since {@code RetiredGenerationCleanup}
 * clears that cache). An application that uses these for itself would not filter them.
 */
public class FleetOffAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	private static final String SPRING_CLOUD = "org.springframework.cloud.";

	// Not Spring Integration's: the sample's inbox uses it.
	private static final String RABBIT = "org.springframework.boot.amqp.";

	private boolean fleet;

	private boolean rabbit;

	@Override
	public void setEnvironment(Environment environment) {
		this.fleet = environment.getProperty("hotreload.fleet.enabled", Boolean.class, false);
		this.rabbit = this.fleet || environment.getProperty("sample.rabbit.enabled", Boolean.class, false);
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < matches.length; i++) {
			matches[i] = included(autoConfigurationClasses[i]);
		}
		return matches;
	}

	private boolean included(String autoConfiguration) {
		if (autoConfiguration == null) {
			return true;
		}
		if (autoConfiguration.startsWith(SPRING_CLOUD)) {
			return this.fleet;
		}
		if (autoConfiguration.startsWith(RABBIT)) {
			return this.rabbit;
		}
		return true;
	}

}
