package dev.hotreload.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.counter.DurableCounters;
import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.event.FleetEvent;
import dev.hotreload.reload.ReloadService;

/**
 * This instance as a member of the fleet. It outlives every generation of the
 * application: it joins the fleet, hands each event of the fleet to its
 * {@link FleetEventRouter}, keeps the {@link FleetHeartbeat heartbeat} and leaves. Each
 * generation lends it a {@link BusGateway} and hands it the fleet's events it receives.
 * <p>
 * It acts for the instance only while this JVM serves it. In process mode each worker
 * JVM has a node with the instance's id: a new worker's joins once the supervisor lets
 * it serve, and a retiring worker's {@link #stepAside() steps aside}: it no longer
 * announces, answers or reloads, and only finishes what it started (the outcome of the
 * reload that retired it, a rollout it coordinates).
 */
public final class FleetNode {

	static final String UP = "UP";

	private static final Log logger = LogFactory.getLog(FleetNode.class);

	private final String busId;

	private final ReloadService reloads;

	private final FleetSettings settings;

	private final DurableCounters counters;

	private final FleetBus bus;

	private final FleetMembership membership;

	private final ReloadAnswers answers;

	private final FleetRollouts rollouts;

	private final FleetHeartbeat heartbeat;

	private final FleetEventRouter events;

	private volatile boolean joined;

	private volatile boolean attached;

	private volatile boolean serving;

	private volatile boolean left;

	/**
	 * Creates the member; it joins when the first generation lends it a gateway.
	 * @param busId its bus id
	 * @param service the application's name
	 * @param version the version of hotreload
	 * @param reloads what reloads this instance
	 * @param settings heartbeat, batch size, settle time and step timeout
	 * @param counters where the rollouts that ended are counted: they outlive generations and
	 * workers
	 */
	public FleetNode(String busId, String service, String version, ReloadService reloads, FleetSettings settings,
			DurableCounters counters) {
		this.busId = busId;
		this.reloads = reloads;
		this.settings = settings;
		this.counters = counters;
		SeenEvents seen = new SeenEvents();
		this.bus = new FleetBus(reloads, seen::sent);
		this.membership = new FleetMembership(busId, service, version, reloads, this.bus);
		this.rollouts = new FleetRollouts(this);
		this.heartbeat = new FleetHeartbeat(settings, this.membership, this.rollouts, this::isServing);
		this.answers = new ReloadAnswers(busId, reloads, this.bus, this.heartbeat);
		this.events = new FleetEventRouter(busId, this::isServing, this.heartbeat, this.membership, this.answers,
				this.rollouts, seen);
	}

	public String busId() {
		return this.busId;
	}

	FleetSettings settings() {
		return this.settings;
	}

	ReloadService reloads() {
		return this.reloads;
	}

	DurableCounters counters() {
		return this.counters;
	}

	FleetBus bus() {
		return this.bus;
	}

	ReloadAnswers answers() {
		return this.answers;
	}

	FleetRollouts rollouts() {
		return this.rollouts;
	}

	/**
	 * Whether this JVM serves the instance, and so acts as its member.
	 * @return {@code true} if it does
	 */
	boolean isServing() {
		return this.serving;
	}

	/**
	 * A generation is ready: the fleet may send through it. This instance joins the fleet
	 * once a generation is ready and this JVM serves.
	 * @param gateway the generation's gateway
	 */
	public void attach(BusGateway gateway) {
		this.bus.add(gateway);
		this.attached = true;
		joinIfReady();
	}

	/**
	 * This JVM serves the instance: its first generation serves, or, in process mode, the
	 * worker serves again after standing by for a rollback.
	 */
	public void serves() {
		boolean again = this.joined;
		this.serving = true;
		if (again) {
			this.heartbeat.execute(() -> this.membership.announceQuietly("SWITCHED", null));
		}
		joinIfReady();
	}

	/**
	 * In process mode: another worker serves the instance now. This one no longer acts
	 * for it, and finishes what it started.
	 * @return completes when the outcome of the reload that retired it was sent and the
	 * rollout it coordinates, if any, has ended; bounded
	 */
	public CompletableFuture<Void> stepAside() {
		this.serving = false;
		logger.info("Another worker serves this instance now; its fleet member there takes over");
		List<CompletableFuture<?>> started = new ArrayList<>(this.answers.unsent());
		started.add(this.rollouts.coordinatedEnded());
		long bound = this.settings.settle().plus(this.settings.stepTimeout().multipliedBy(2)).toMillis()
				+ this.bus.rollbackWindowMillis();
		return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
			.completeOnTimeout(null, bound, TimeUnit.MILLISECONDS);
	}

	private synchronized void joinIfReady() {
		if (!this.joined && this.attached && this.serving && !this.left) {
			this.joined = true;
			logger.info("Joining the fleet as " + this.busId + " (heartbeat " + this.settings.heartbeat() + ")");
			this.membership.announceQuietly("JOINED", null);
			this.heartbeat.start();
		}
	}

	/**
	 * A generation closes: the fleet no longer sends through it.
	 * @param gateway the gateway it lent
	 */
	public void detach(BusGateway gateway) {
		this.bus.remove(gateway);
	}

	/**
	 * The generations changed: a switch is announced.
	 */
	public void generationsChanged() {
		if (this.joined && this.serving && !this.left && this.membership.switchedSinceAnnounced()) {
			this.heartbeat.execute(() -> this.membership.announceQuietly("SWITCHED", null));
		}
	}

	/**
	 * The application shuts down: this instance says goodbye, and a rollout it coordinates
	 * is abandoned.
	 */
	public void leave() {
		if (this.left) {
			return;
		}
		this.left = true;
		this.rollouts.abandonCoordinated("its coordinator " + this.busId + " shut down");
		// A retired worker leaves nothing: the instance goes on in the worker that serves.
		if (this.joined && this.serving) {
			this.membership.announceQuietly("LEFT", null);
			logger.info("Left the fleet");
		}
		this.heartbeat.stop();
	}

	/**
	 * An event of the fleet, from whichever generation received it.
	 * @param event the event
	 */
	public void receive(FleetEvent event) {
		if (!this.left) {
			this.events.receive(event);
		}
	}

	/**
	 * Starts a rollout coordinated by this instance.
	 * @return the rollout started, or why none was
	 */
	public RolloutStart startRollout() {
		List<FleetMember> order;
		synchronized (this) {
			if (this.left) {
				return RolloutStart.unavailable("This instance is shutting down");
			}
			if (!this.serving) {
				return RolloutStart.unavailable("This worker retires; another worker serves this instance");
			}
			order = new ArrayList<>(this.membership.others());
			order.add(this.membership.self());
		}
		return this.rollouts.start(order);
	}

	/**
	 * Rollouts that ended here, by how: those this instance coordinated, and those it
	 * called abandoned. Counted for the instance, across its generations and workers.
	 * @param state how they ended
	 * @return how many
	 */
	public long rolloutsEnded(RolloutState state) {
		return this.rollouts.endedCount(state);
	}

	/**
	 * The members this instance heard, itself included, ordered by bus id.
	 * @return the members
	 */
	public List<FleetMember> members() {
		return this.membership.all();
	}

	/**
	 * The {@code fleet} section of {@code GET /actuator/reload}.
	 * @return the status
	 */
	public FleetStatus status() {
		return new FleetStatus(this.busId, members(), this.rollouts.last());
	}

}
