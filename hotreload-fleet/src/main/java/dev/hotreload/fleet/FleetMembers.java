package dev.hotreload.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hotreload.fleet.event.MemberAnnounced;

/**
 * The members of the fleet as this instance last heard them. A member leaves when it says
 * goodbye, or when it was not heard for three heartbeats.
 */
final class FleetMembers {

	private final Map<String, Heard> members = new ConcurrentHashMap<>();

	/**
	 * Records an announcement.
	 * @param event the announcement
	 * @return whether the member was not known before
	 */
	boolean heard(MemberAnnounced event) {
		if ("LEFT".equals(event.getReason())) {
			this.members.remove(event.getOriginService());
			return false;
		}
		FleetMember member = new FleetMember(event.getOriginService(), event.getService(), event.getGeneration(),
				event.getMode(), event.getHealth(), event.getVersion(), event.getLastOutcome(),
				Instant.now().toString(), false);
		return this.members.put(member.id(), new Heard(member, System.nanoTime())) == null;
	}

	void forgetSilent(Duration silence) {
		long now = System.nanoTime();
		this.members.values().removeIf((heard) -> now - heard.nanos() > silence.toNanos());
	}

	/**
	 * The members heard, ordered by bus id.
	 * @return the members
	 */
	List<FleetMember> all() {
		List<FleetMember> all = new ArrayList<>();
		this.members.values().forEach((heard) -> all.add(heard.member()));
		all.sort(Comparator.comparing(FleetMember::id));
		return all;
	}

	private record Heard(FleetMember member, long nanos) {
	}

}
