package dev.hotreload.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.event.MemberAnnounced;
import dev.hotreload.fleet.event.MemberProbed;
import dev.hotreload.fleet.event.ReloadEnded;

/**
 * Rollouts as this instance sees them: the one it coordinates, the last one it heard of
 * (called abandoned when its coordinator falls silent), and the answers its rollout
 * waits for.
 */
final class FleetRollouts {

	private static final Log logger = LogFactory.getLog(FleetRollouts.class);

	private final FleetNode node;

	private final Map<String, CompletableFuture<ReloadEnded>> awaitedOutcomes = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<MemberAnnounced>> awaitedProbes = new ConcurrentHashMap<>();

	private volatile @Nullable RolloutStatus last;

	private volatile long lastHeard;

	private volatile @Nullable Rollout coordinating;

	private final RolloutRivals rivals = new RolloutRivals();

	FleetRollouts(FleetNode node) {
		this.node = node;
	}

	/**
	 * Starts a rollout coordinated by this instance. It is announced first; then, for the
	 * start window, this instance listens for a rollout another member started at the same
	 * moment. Of two such rollouts both coordinators pick the same one to run (the one
	 * started first, then the lower id); the other reloads nothing.
	 * @param order the members, in the order they are reloaded
	 * @return the rollout started, or why none was
	 */
	RolloutStart start(List<FleetMember> order) {
		Rollout rollout;
		synchronized (this) {
			RolloutStatus running = this.last;
			if (running != null && running.running()) {
				return RolloutStart.conflict(running);
			}
			rollout = new Rollout(this.node, "rollout-" + UUID.randomUUID().toString().substring(0, 8), order);
			try {
				rollout.announceStart();
			}
			catch (RuntimeException ex) {
				return RolloutStart.unavailable("The fleet's bus cannot be reached, nothing was reloaded: "
						+ FleetBus.rootCause(ex));
			}
			this.coordinating = rollout;
			this.last = rollout.status();
		}
		Rollout.sleep(this.node.settings().startWindow());
		RolloutStatus first = precedingRival(rollout);
		if (first != null) {
			rollout.withdraw(first);
			synchronized (this) {
				this.last = first;
				this.lastHeard = System.nanoTime();
			}
			return RolloutStart.conflict(first);
		}
		Thread thread = new Thread(new RolloutRunner(this.node, rollout), "hotreload-fleet-" + rollout.id());
		thread.setDaemon(true);
		thread.start();
		return RolloutStart.started(rollout.status());
	}

	/**
	 * A rollout another member started at the same moment as the one this instance
	 * coordinates, and which goes first.
	 * @param rollout the rollout this instance coordinates
	 * @return the one that goes first, or {@code null} if this one does
	 */
	synchronized @Nullable RolloutStatus precedingRival(Rollout rollout) {
		return this.rivals.preceding(rollout.status());
	}

	/**
	 * A rollout this instance coordinates changed.
	 * @param rollout its status
	 */
	synchronized void coordinated(RolloutStatus rollout) {
		this.last = rollout;
		if (!rollout.running()) {
			if (this.coordinating != null && this.coordinating.id().equals(rollout.id())) {
				this.coordinating = null;
				this.rivals.clear();
			}
		}
	}

	/**
	 * Another member told how its rollout stands.
	 * @param rollout the rollout
	 */
	synchronized void heard(RolloutStatus rollout) {
		Rollout own = this.coordinating;
		if (own != null) {
			if (!own.id().equals(rollout.id())) {
				// Another member announced a rollout while this one runs its own: both started
				// at the same moment, and the one that goes first runs.
				this.rivals.heard(rollout);
			}
			return;
		}
		RolloutStatus previous = this.last;
		if (previous != null && previous.running() && !previous.id().equals(rollout.id())
				&& (!rollout.running() || RolloutRivals.precedes(previous, rollout))) {
			// Two rollouts started at the same moment: the one shown is the one that runs; the
			// other ends having reloaded nothing.
			return;
		}
		if (previous != null && previous.id().equals(rollout.id()) && !previous.running() && rollout.running()) {
			// Abandoned here, then heard again: keep what was decided.
			return;
		}
		this.last = rollout;
		this.lastHeard = System.nanoTime();
	}

	/**
	 * Calls the last rollout heard of abandoned if its coordinator was silent for longer
	 * than the step timeout.
	 */
	synchronized void abandonSilent() {
		RolloutStatus rollout = this.last;
		if (rollout == null || !rollout.running() || this.coordinating != null) {
			return;
		}
		Duration stepTimeout = this.node.settings().stepTimeout();
		Duration silence = Duration.ofNanos(System.nanoTime() - this.lastHeard);
		if (silence.compareTo(stepTimeout) > 0) {
			String error = "its coordinator " + rollout.coordinator() + " was silent for more than " + stepTimeout;
			logger.warn("Fleet rollout " + rollout.id() + " abandoned: " + error);
			this.last = Rollout.ended(rollout, RolloutState.ABANDONED, error);
			// Once per instance: in process mode a worker standing aside calls it so too.
			if (this.node.isServing()) {
				ended(RolloutState.ABANDONED);
			}
		}
	}

	/**
	 * The rollout this instance coordinates, if any, tells every member how it stands.
	 */
	void publishCoordinated() {
		Rollout rollout = this.coordinating;
		if (rollout != null) {
			rollout.publishQuietly();
		}
	}

	/**
	 * What ends when the rollout this JVM coordinates has ended.
	 * @return completes then, or at once if there is none
	 */
	CompletableFuture<Void> coordinatedEnded() {
		Rollout rollout = this.coordinating;
		return (rollout != null) ? rollout.finished() : CompletableFuture.completedFuture(null);
	}

	/**
	 * Abandons the rollout this instance coordinates, if any.
	 * @param why why
	 */
	void abandonCoordinated(String why) {
		Rollout rollout = this.coordinating;
		if (rollout != null) {
			rollout.abandon(why);
		}
	}

	/**
	 * A member joined: the rollout this instance coordinates, if any, lists it.
	 * @param member its bus id
	 */
	void memberJoined(String member) {
		Rollout rollout = this.coordinating;
		if (rollout != null) {
			rollout.joined(member);
		}
	}

	void outcomeArrived(ReloadEnded ended) {
		CompletableFuture<ReloadEnded> awaited = this.awaitedOutcomes
			.get(outcomeKey(ended.getRolloutId(), ended.getOriginService()));
		if (awaited != null) {
			awaited.complete(ended);
		}
	}

	void probeAnswered(MemberAnnounced announced) {
		if (announced.getProbeId() != null) {
			CompletableFuture<MemberAnnounced> awaited = this.awaitedProbes.get(announced.getProbeId());
			if (awaited != null) {
				awaited.complete(announced);
			}
		}
	}

	/**
	 * Waits for the outcome of the reload a rollout asked a member for.
	 * @param rolloutId the rollout
	 * @param member the member
	 * @return the outcome, completed when it arrives
	 */
	CompletableFuture<ReloadEnded> awaitOutcome(String rolloutId, String member) {
		return this.awaitedOutcomes.computeIfAbsent(outcomeKey(rolloutId, member), (key) -> new CompletableFuture<>());
	}

	void stopAwaitingOutcome(String rolloutId, String member) {
		this.awaitedOutcomes.remove(outcomeKey(rolloutId, member));
	}

	/**
	 * Asks a member to announce itself now.
	 * @param member its bus id
	 * @return its answer, completed when it arrives
	 */
	CompletableFuture<MemberAnnounced> probe(String member) {
		String probeId = UUID.randomUUID().toString();
		CompletableFuture<MemberAnnounced> answer = new CompletableFuture<>();
		this.awaitedProbes.put(probeId, answer);
		answer.whenComplete((result, failure) -> this.awaitedProbes.remove(probeId));
		this.node.bus().send(new MemberProbed(this, this.node.busId(), member, probeId));
		return answer;
	}

	private static String outcomeKey(String rolloutId, String member) {
		return rolloutId + "/" + member;
	}

	// In process mode a rollout this instance coordinated is counted by the worker that
	// coordinated it, even retiring: the supervisor holds the count for the workers after it.
	void ended(RolloutState state) {
		this.node.counters().increment(counterName(state));
	}

	long endedCount(RolloutState state) {
		return this.node.counters().count(counterName(state));
	}

	private static String counterName(RolloutState state) {
		return "fleet.rollouts." + state.name().toLowerCase(Locale.ROOT);
	}

	@Nullable RolloutStatus last() {
		return this.last;
	}

}
