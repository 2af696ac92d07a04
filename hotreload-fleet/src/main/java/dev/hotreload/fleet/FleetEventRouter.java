package dev.hotreload.fleet;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import dev.hotreload.fleet.event.FleetEvent;
import dev.hotreload.fleet.event.MemberAnnounced;
import dev.hotreload.fleet.event.MemberProbed;
import dev.hotreload.fleet.event.ReloadEnded;
import dev.hotreload.fleet.event.ReloadRequested;
import dev.hotreload.fleet.event.RolloutChanged;

/**
 * Hands each event of the fleet this JVM receives to what handles it: other members'
 * announcements to {@link FleetMembership}, and those answering a probe to
 * {@link FleetRollouts}, which waits for them; while this JVM serves the instance, a probe
 * is answered with an announcement and a reload request goes to {@link ReloadAnswers};
 * reloads' outcomes and rollouts' changes go to {@link FleetRollouts}. Each event is
 * handled once ({@link SeenEvents}).
 */
final class FleetEventRouter {

	private final String busId;

	private final BooleanSupplier serving;

	private final Executor sender;

	private final FleetMembership membership;

	private final ReloadAnswers answers;

	private final FleetRollouts rollouts;

	private final SeenEvents seen;

	/**
	 * Creates the router.
	 * @param busId this instance's bus id
	 * @param serving whether this JVM serves the instance
	 * @param sender the thread announcements are sent from
	 * @param membership this instance's membership
	 * @param answers what reloads this instance for a coordinator
	 * @param rollouts the rollouts this instance knows of
	 * @param seen the events seen already
	 */
	FleetEventRouter(String busId, BooleanSupplier serving, Executor sender, FleetMembership membership,
			ReloadAnswers answers, FleetRollouts rollouts, SeenEvents seen) {
		this.busId = busId;
		this.serving = serving;
		this.sender = sender;
		this.membership = membership;
		this.answers = answers;
		this.rollouts = rollouts;
		this.seen = seen;
	}

	/**
	 * An event of the fleet, from whichever generation received it.
	 * @param event the event
	 */
	void receive(FleetEvent event) {
		if (!this.seen.firstSeen(event)) {
			return;
		}
		if (event instanceof MemberAnnounced announced) {
			heard(announced);
		}
		else if (event instanceof MemberProbed probed) {
			if (this.serving.getAsBoolean()) {
				this.sender.execute(() -> this.membership.announceQuietly("PROBED", probed.getProbeId()));
			}
		}
		else if (event instanceof ReloadRequested requested) {
			if (this.serving.getAsBoolean()) {
				this.answers.answer(requested);
			}
		}
		else if (event instanceof ReloadEnded ended) {
			this.rollouts.outcomeArrived(ended);
		}
		else if (event instanceof RolloutChanged changed && changed.getRollout() != null) {
			this.rollouts.heard(changed.getRollout());
		}
	}

	private void heard(MemberAnnounced announced) {
		if (this.busId.equals(announced.getOriginService())) {
			// This instance's other worker, in process mode: it answers a probe of the
			// coordinator's own step.
			this.rollouts.probeAnswered(announced);
			return;
		}
		boolean isNew = this.membership.heard(announced);
		if ("LEFT".equals(announced.getReason())) {
			return;
		}
		this.rollouts.probeAnswered(announced);
		if (isNew) {
			this.rollouts.memberJoined(announced.getOriginService());
			if ("JOINED".equals(announced.getReason())) {
				// Let the newcomer know this member without waiting for a heartbeat.
				this.sender.execute(() -> this.membership.announceQuietly("HEARTBEAT", null));
			}
		}
	}

}
