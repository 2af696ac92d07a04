package dev.hotreload.fleet.autoconfigure;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.hotreload.process.WorkerLink;

/**
 * Gives a fleet member one id for the life of the instance: every generation of the
 * application is the same member. In context mode that is the JVM: its bus id, unless
 * {@code spring.cloud.bus.id} is set (Spring Cloud Bus would otherwise derive one per
 * context). In process mode the instance is the supervisor: each worker's member id is
 * {@code spring.cloud.bus.id} as set, or one derived from the supervisor, the same in
 * every worker, and the worker's bus id is that followed by its pid, so that the
 * instance's two workers during a swap hear each other (Spring Cloud Bus drops what
 * comes from its own bus id) and both match what is addressed to the member. Runs before
 * the bus's own post-processor, which keeps an id that is set.
 */
public class FleetBusIdEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The member id of a worker, set here. */
	static final String MEMBER_ID = "hotreload.fleet.member-id";

	private static final String BUS_ID = "spring.cloud.bus.id";

	private static final String SOURCE = "hotreloadFleetBusId";

	private static final String JVM_ID = ProcessHandle.current().pid() + "-"
			+ UUID.randomUUID().toString().substring(0, 6);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hotreload.fleet.enabled", Boolean.class, false)
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		String service = environment.getProperty("spring.application.name", "application");
		String supervisor = WorkerLink.supervisorInstance();
		if (supervisor != null) {
			String member = environment.getProperty(BUS_ID, service + ":" + supervisor);
			environment.getPropertySources()
				.addFirst(new MapPropertySource(SOURCE,
						Map.of(BUS_ID, member + ":" + ProcessHandle.current().pid(), MEMBER_ID, member)));
		}
		else if (!environment.containsProperty(BUS_ID)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(SOURCE, Map.of(BUS_ID, service + ":" + JVM_ID)));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
