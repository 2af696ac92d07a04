package dev.hotreload.boot;

import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.context.Generation;

/**
 * Spring Boot's application availability, told apart from a generation's retirement. A
 * closing web context declares that it refuses traffic, which turns the readiness health
 * group to {@code OUT_OF_SERVICE} (503). When an old generation closes after a switch, the
 * application does not refuse traffic: the new generation serves, and the old one answers
 * its last requests, health checks on kept-alive connections included. So a draining
 * generation keeps reporting that it accepts traffic; when the serving generation closes
 * (the application shuts down), readiness changes as usual.
 */
public class GenerationAvailability extends ApplicationAvailabilityBean {

	private final Generation generation;

	public GenerationAvailability(Generation generation) {
		this.generation = generation;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (event.getState() == ReadinessState.REFUSING_TRAFFIC
				&& (this.generation.state() == GenerationState.DRAINING
						|| this.generation.state() == GenerationState.STANDBY)) {
			return;
		}
		super.onApplicationEvent(event);
	}

}
