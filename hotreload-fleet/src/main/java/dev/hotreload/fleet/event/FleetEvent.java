package dev.hotreload.fleet.event;

import org.springframework.cloud.bus.event.RemoteApplicationEvent;

/**
 * An event of the fleet protocol on Spring Cloud Bus. Its destination is one member's bus
 * id, or {@code **} for every member.
 */
@SuppressWarnings("serial")
public abstract class FleetEvent extends RemoteApplicationEvent {

	/** The destination of an event for every member. */
	public static final String EVERYONE = "**";

	protected FleetEvent() {
	}

	protected FleetEvent(Object source, String origin, String destination) {
		super(source, origin, () -> destination);
	}

}
