package dev.hotreload.fleet.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.hotreload.fleet.FleetSettings;

/**
 * Fleet rollouts over Spring Cloud Bus.
 *
 * @param enabled whether this instance joins the fleet: announces itself on the bus,
 * reloads when a rollout asks, and can coordinate a rollout
 * ({@code POST /actuator/reload/fleet})
 * @param heartbeat how often this instance announces itself; a member not heard for three
 * heartbeats is forgotten
 * @param batchSize how many members a rollout this instance coordinates reloads at once
 * @param settle how long a rollout waits after a member's reload (plus the member's
 * rollback window, if it has one) before checking that the member still serves its new
 * generation and is healthy
 * @param stepTimeout how long a rollout waits for a member's outcome or answer before it
 * halts; and how long a rollout's coordinator may be silent before the other members
 * call its rollout abandoned
 * @param startWindow how long {@code POST /actuator/reload/fleet} listens for a rollout
 * started on another member at the same moment before it answers: of two such rollouts,
 * the one started first (by its start time, then its id) runs and the other reloads
 * nothing and answers 409; longer than the bus's delivery time
 */
@ConfigurationProperties("hotreload.fleet")
public record FleetProperties(@DefaultValue("false") boolean enabled, @DefaultValue("5s") Duration heartbeat,
		@DefaultValue("1") int batchSize, @DefaultValue("5s") Duration settle,
		@DefaultValue("60s") Duration stepTimeout, @DefaultValue("1s") Duration startWindow) {

	public FleetSettings toSettings() {
		return new FleetSettings(this.heartbeat, this.batchSize, this.settle, this.stepTimeout, this.startWindow);
	}

}
