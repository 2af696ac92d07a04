package dev.hotreload.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.event.MemberAnnounced;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatus;

/**
 * This instance's membership: what it announces of itself, and the other members it
 * heard.
 */
final class FleetMembership {

	private static final Log logger = LogFactory.getLog(FleetMembership.class);

	private final String busId;

	private final String service;

	private final String version;

	private final ReloadService reloads;

	private final FleetBus bus;

	private final FleetMembers members = new FleetMembers();

	private volatile int announcedGeneration;

	private volatile boolean brokerWarned;

	FleetMembership(String busId, String service, String version, ReloadService reloads, FleetBus bus) {
		this.busId = busId;
		this.service = service;
		this.version = version;
		this.reloads = reloads;
		this.bus = bus;
	}

	/**
	 * Records another member's announcement.
	 * @param announced the announcement
	 * @return whether the member was not known before
	 */
	boolean heard(MemberAnnounced announced) {
		boolean isNew = this.members.heard(announced);
		if ("LEFT".equals(announced.getReason())) {
			logger.info("Fleet member " + announced.getOriginService() + " left");
			return false;
		}
		if (isNew) {
			logger.info("Fleet member " + announced.getOriginService() + " joined (generation "
					+ announced.getGeneration() + ", " + announced.getMode() + " mode)");
		}
		return isNew;
	}

	void forgetSilent(Duration silence) {
		this.members.forgetSilent(silence);
	}

	/**
	 * Whether this instance serves another generation than it last announced.
	 * @return {@code true} if it does
	 */
	boolean switchedSinceAnnounced() {
		return this.reloads.currentGeneration() != this.announcedGeneration;
	}

	void announceQuietly(String reason, @Nullable String probeId) {
		try {
			announce(reason, probeId);
			if (this.brokerWarned) {
				this.brokerWarned = false;
				logger.info("The fleet's bus is reachable again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.brokerWarned) {
				this.brokerWarned = true;
				logger.warn("Could not announce this instance to the fleet (" + reason + "): " + ex);
			}
		}
	}

	/**
	 * Announces this instance to the fleet.
	 * @param reason why
	 * @param probeId the probe answered, or {@code null}
	 */
	void announce(String reason, @Nullable String probeId) {
		int generation = this.reloads.currentGeneration();
		ReloadStatus status = this.reloads.status();
		String lastOutcome = (status.lastReload() != null) ? status.lastReload().outcome().name() : null;
		this.bus.send(new MemberAnnounced(this, this.busId, reason, this.service, generation, status.mode().name(),
				this.bus.health(), this.version, lastOutcome, probeId));
		this.announcedGeneration = generation;
	}

	/**
	 * This instance as a member.
	 * @return the member
	 */
	FleetMember self() {
		ReloadStatus status = this.reloads.status();
		return new FleetMember(this.busId, this.service, status.currentGeneration(), status.mode().name(),
				this.bus.health(), this.version,
				(status.lastReload() != null) ? status.lastReload().outcome().name() : null, Instant.now().toString(),
				true);
	}

	/**
	 * The other members heard, ordered by bus id.
	 * @return the members
	 */
	List<FleetMember> others() {
		return this.members.all();
	}

	/**
	 * The members heard, itself included, ordered by bus id.
	 * @return the members
	 */
	List<FleetMember> all() {
		List<FleetMember> all = new ArrayList<>(this.members.all());
		all.add(self());
		all.sort(Comparator.comparing(FleetMember::id));
		return all;
	}

}
