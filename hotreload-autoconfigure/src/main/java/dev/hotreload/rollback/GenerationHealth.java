package dev.hotreload.rollback;

import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * A generation's health as its own actuator sees it: the status of a health group of its
 * context's {@link HealthEndpoint}. Without actuator health (not on the class path, the
 * endpoint not available, no such group) there is nothing to check: the check passes and
 * the log says so once.
 */
public final class GenerationHealth {

	private static final Log logger = LogFactory.getLog(GenerationHealth.class);

	private static final boolean ACTUATOR_HEALTH_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.health.actuate.endpoint.HealthEndpoint", GenerationHealth.class.getClassLoader());

	private static final AtomicBoolean skipLogged = new AtomicBoolean();

	private GenerationHealth() {
	}

	/**
	 * Why a generation is unhealthy.
	 * @param context the generation's context
	 * @param group the health group to check
	 * @return {@code health <STATUS>: ...} if the group is down or out of service,
	 * {@code null} if it is up or cannot be checked
	 */
	public static @Nullable String problem(ConfigurableApplicationContext context, String group) {
		if (!ACTUATOR_HEALTH_PRESENT) {
			skipped("Spring Boot's actuator health is not on the class path");
			return null;
		}
		return ActuatorHealth.problem(context, group);
	}

	private static void skipped(String why) {
		if (skipLogged.compareAndSet(false, true)) {
			logger.info("Generations' health is not checked before a switch or in a rollback window: " + why);
		}
	}

	/**
	 * Kept apart so that nothing loads the actuator's classes unless they are present.
	 */
	private static final class ActuatorHealth {

		static @Nullable String problem(ConfigurableApplicationContext context, String group) {
			if (!context.isActive()) {
				return null;
			}
			HealthEndpoint endpoint = context.getBeanProvider(HealthEndpoint.class).getIfAvailable();
			if (endpoint == null) {
				// Spring Boot creates it only when it is exposed (over HTTP, as by default, or JMX).
				skipped("the health endpoint is not available (management.endpoints.web.exposure.include)");
				return null;
			}
			HealthDescriptor health = endpoint.healthForPath(group);
			if (health == null) {
				skipped("there is no health group '" + group + "'");
				return null;
			}
			if (!isDown(health.getStatus())) {
				return null;
			}
			return "health " + health.getStatus().getCode() + ": " + group + " group" + describe(health);
		}

		private static boolean isDown(Status status) {
			return Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status);
		}

		/**
		 * The components that are down, with their details: what an operator reads first.
		 */
		private static String describe(HealthDescriptor health) {
			if (health instanceof CompositeHealthDescriptor composite && composite.getComponents() != null) {
				StringJoiner down = new StringJoiner(", ", ", ", "").setEmptyValue("");
				for (Map.Entry<String, HealthDescriptor> component : composite.getComponents().entrySet()) {
					if (isDown(component.getValue().getStatus())) {
						down.add(component.getKey() + " " + component.getValue().getStatus().getCode()
								+ describe(component.getValue()));
					}
				}
				return down.toString();
			}
			if (health instanceof IndicatedHealthDescriptor indicated && indicated.getDetails() != null
					&& !indicated.getDetails().isEmpty()) {
				return " " + indicated.getDetails();
			}
			return "";
		}

	}

}
