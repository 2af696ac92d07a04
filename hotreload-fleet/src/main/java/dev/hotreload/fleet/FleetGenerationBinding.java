package dev.hotreload.fleet;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import dev.hotreload.fleet.event.FleetEvent;

/**
 * Binds one generation to the fleet: once the generation is ready its bus is lent to the
 * {@link FleetNode}, until its context closes; the fleet's events it receives go to the
 * node.
 */
public class FleetGenerationBinding implements ApplicationListener<ApplicationEvent> {

	private final FleetNode node;

	private final BusGateway gateway;

	public FleetGenerationBinding(FleetNode node, BusGateway gateway) {
		this.node = node;
		this.gateway = gateway;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof FleetEvent fleetEvent) {
			this.node.receive(fleetEvent);
		}
		else if (event instanceof ApplicationReadyEvent) {
			this.node.attach(this.gateway);
		}
		else if (event instanceof ContextClosedEvent) {
			this.node.detach(this.gateway);
		}
	}

}
