package dev.hotreload.sampletest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What a fleet member's {@code GET /actuator/reload} says of the fleet and of its own last
 * reload, read the same way by every fleet test, whatever the broker.
 */
public final class FleetStatusJson {

	private FleetStatusJson() {
	}

	/**
	 * The bus ids of the members the member heard, itself included.
	 * @param status the member's status
	 * @return the ids, in the status' order (by id)
	 */
	public static List<String> memberIds(JsonNode status) {
		List<String> ids = new ArrayList<>();
		status.path("fleet").path("members").forEach((member) -> ids.add(member.path("id").asString()));
		return ids;
	}

	/**
	 * The last rollout the member coordinated or heard of.
	 * @param status the member's status
	 * @return the rollout, a missing node if none
	 */
	public static JsonNode rollout(JsonNode status) {
		return status.path("fleet").path("rollout");
	}

	/**
	 * Whether a rollout is the one named and has ended.
	 * @param rollout a rollout
	 * @param id the id of the one awaited
	 * @return {@code true} if it is and it has
	 */
	public static boolean hasEnded(JsonNode rollout, String id) {
		return id.equals(rollout.path("id").asString()) && !"RUNNING".equals(rollout.path("state").asString());
	}

	/**
	 * The members a rollout reloads, in its order.
	 * @param rollout the rollout
	 * @return their bus ids
	 */
	public static List<String> stepIds(JsonNode rollout) {
		List<String> ids = new ArrayList<>();
		rollout.path("steps").forEach((step) -> ids.add(step.path("id").asString()));
		return ids;
	}

	/**
	 * When the member's last reload started.
	 * @param status the member's status
	 * @return the time
	 */
	public static Instant lastReloadStarted(JsonNode status) {
		return Instant.parse(status.path("lastReload").path("startedAt").asString());
	}

	/**
	 * When the member's last reload ended: it switched to its new generation, or failed.
	 * @param status the member's status
	 * @return the time
	 */
	public static Instant lastReloadEnded(JsonNode status) {
		return lastReloadStarted(status).plusMillis(status.path("lastReload").path("durationMillis").asLong());
	}

}
