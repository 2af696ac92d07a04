package dev.hotreload.fleet;

import org.jspecify.annotations.Nullable;

/**
 * A member of the fleet as this instance last heard it.
 *
 * @param id its bus id
 * @param service its application name
 * @param generation the generation it serves
 * @param mode {@code CONTEXT} or {@code PROCESS}
 * @param health {@code UP}, or what is wrong
 * @param version the version of hotreload it runs
 * @param lastOutcome the outcome of its last reload, {@code null} before the first
 * @param lastHeard when this instance last heard from it
 * @param self whether it is this instance
 */
public record FleetMember(String id, String service, int generation, String mode, String health, String version,
		@Nullable String lastOutcome, String lastHeard, boolean self) {

	public boolean healthy() {
		return FleetNode.UP.equals(this.health);
	}

}
