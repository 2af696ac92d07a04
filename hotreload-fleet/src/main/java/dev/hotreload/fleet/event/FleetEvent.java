package dev.hotreload.fleet.event;

import org.springframework.cloud.bus.event.RemoteApplicationEvent;

/**
 * An event of the fleet protocol on Spring Cloud Bus. Its origin is the sending member's
 * id; its destination is one member, or {@code **} for every member. A member is
 * addressed as {@code <its id>:**}, which every JVM of the member matches: in process mode
 * each worker's bus id is the member's id followed by the worker's pid.
 */
@SuppressWarnings("serial")
public abstract class FleetEvent extends RemoteApplicationEvent {

	/** The destination of an event for every member. */
	public static final String EVERYONE = "**";

	protected FleetEvent() {
	}

	protected FleetEvent(Object source, String origin, String destination) {
		super(source, origin, () -> EVERYONE.equals(destination) ? EVERYONE : destination + ":" + EVERYONE);
	}

}
