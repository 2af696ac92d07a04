package dev.hotreload.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.event.FleetEvent;
import dev.hotreload.fleet.event.MemberAnnounced;
import dev.hotreload.fleet.event.MemberProbed;
import dev.hotreload.fleet.event.ReloadEnded;
import dev.hotreload.fleet.event.ReloadRequested;
import dev.hotreload.fleet.event.RolloutChanged;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.reload.ReloadTrigger;

/**
 * This instance as a member of the fleet. It outlives every generation of the
 * application: it announces the instance, keeps the members it heard, reloads the
 * instance when a rollout asks, runs the rollouts this instance coordinates and keeps
 * the last rollout it heard of. Each generation lends it a {@link BusGateway} and hands
 * it the fleet's events it receives (during a switch two generations receive them: each
 * event is handled once).
 */
public final class FleetNode {

	static final String UP = "UP";

	private static final Log logger = LogFactory.getLog(FleetNode.class);

	private final String busId;

	private final String service;

	private final String version;

	private final ReloadService reloads;

	private final FleetSettings settings;

	private final FleetMembers members = new FleetMembers();

	private final List<BusGateway> gateways = new CopyOnWriteArrayList<>();

	private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > 1024;
		}
	});

	private final Map<String, CompletableFuture<ReloadEnded>> awaitedOutcomes = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<MemberAnnounced>> awaitedProbes = new ConcurrentHashMap<>();

	private final Map<RolloutState, AtomicLong> rolloutsEnded = new ConcurrentHashMap<>();

	private final ScheduledExecutorService heartbeats;

	private volatile @Nullable RolloutStatus lastRollout;

	private volatile long lastRolloutHeard;

	private volatile @Nullable Rollout coordinating;

	private volatile int announcedGeneration;

	private volatile boolean joined;

	private volatile boolean left;

	private volatile boolean brokerWarned;

	/**
	 * Creates the member; it joins when the first generation lends it a gateway.
	 * @param busId its bus id
	 * @param service the application's name
	 * @param version the version of hotreload
	 * @param reloads what reloads this instance
	 * @param settings heartbeat, batch size, settle time and step timeout
	 */
	public FleetNode(String busId, String service, String version, ReloadService reloads, FleetSettings settings) {
		this.busId = busId;
		this.service = service;
		this.version = version;
		this.reloads = reloads;
		this.settings = settings;
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "hotreload-fleet");
			thread.setDaemon(true);
			return thread;
		});
		for (RolloutState state : RolloutState.values()) {
			this.rolloutsEnded.put(state, new AtomicLong());
		}
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

	/**
	 * A generation is ready: the fleet may send through it. The first one makes this
	 * instance join the fleet.
	 * @param gateway the generation's gateway
	 */
	public void attach(BusGateway gateway) {
		this.gateways.add(gateway);
		if (!this.joined) {
			this.joined = true;
			logger.info("Joining the fleet as " + this.busId + " (heartbeat " + this.settings.heartbeat() + ")");
			announceQuietly("JOINED", null);
			long period = this.settings.heartbeat().toMillis();
			this.heartbeats.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * A generation closes: the fleet no longer sends through it.
	 * @param gateway the gateway it lent
	 */
	public void detach(BusGateway gateway) {
		this.gateways.remove(gateway);
	}

	/**
	 * The generations changed: a switch is announced.
	 */
	public void generationsChanged() {
		int current = this.reloads.currentGeneration();
		if (this.joined && !this.left && current != this.announcedGeneration) {
			this.heartbeats.execute(() -> announceQuietly("SWITCHED", null));
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
		Rollout rollout = this.coordinating;
		if (rollout != null) {
			rollout.abandon("its coordinator " + this.busId + " shut down");
		}
		if (this.joined) {
			announceQuietly("LEFT", null);
			logger.info("Left the fleet");
		}
		this.heartbeats.shutdownNow();
	}

	/**
	 * An event of the fleet, from whichever generation received it.
	 * @param event the event
	 */
	public void receive(FleetEvent event) {
		if (this.left || this.seen.putIfAbsent(event.getId(), Boolean.TRUE) != null
				|| this.busId.equals(event.getOriginService())) {
			return;
		}
		if (event instanceof MemberAnnounced announced) {
			heard(announced);
		}
		else if (event instanceof MemberProbed probed) {
			this.heartbeats.execute(() -> announceQuietly("PROBED", probed.getProbeId()));
		}
		else if (event instanceof ReloadRequested requested) {
			reloadFor(requested);
		}
		else if (event instanceof ReloadEnded ended) {
			CompletableFuture<ReloadEnded> awaited = this.awaitedOutcomes.get(outcomeKey(ended.getRolloutId(),
					ended.getOriginService()));
			if (awaited != null) {
				awaited.complete(ended);
			}
		}
		else if (event instanceof RolloutChanged changed && changed.getRollout() != null) {
			heardRollout(changed.getRollout());
		}
	}

	private void heard(MemberAnnounced announced) {
		boolean isNew = this.members.heard(announced);
		if ("LEFT".equals(announced.getReason())) {
			logger.info("Fleet member " + announced.getOriginService() + " left");
			return;
		}
		if (announced.getProbeId() != null) {
			CompletableFuture<MemberAnnounced> awaited = this.awaitedProbes.get(announced.getProbeId());
			if (awaited != null) {
				awaited.complete(announced);
			}
		}
		if (isNew) {
			logger.info("Fleet member " + announced.getOriginService() + " joined (generation "
					+ announced.getGeneration() + ", " + announced.getMode() + " mode)");
			Rollout rollout = this.coordinating;
			if (rollout != null) {
				rollout.joined(announced.getOriginService());
			}
			if ("JOINED".equals(announced.getReason())) {
				// Let the newcomer know this member without waiting for a heartbeat.
				this.heartbeats.execute(() -> announceQuietly("HEARTBEAT", null));
			}
		}
	}

	private synchronized void heardRollout(RolloutStatus rollout) {
		if (this.coordinating != null && this.coordinating.id().equals(rollout.id())) {
			return;
		}
		RolloutStatus last = this.lastRollout;
		if (last != null && last.id().equals(rollout.id()) && !last.running() && rollout.running()) {
			// Abandoned here, then heard again: keep what was decided.
			return;
		}
		this.lastRollout = rollout;
		this.lastRolloutHeard = System.nanoTime();
	}

	private void reloadFor(ReloadRequested requested) {
		String coordinator = requested.getOriginService();
		logger.info("Fleet rollout " + requested.getRolloutId() + " from " + coordinator + " reloads this instance");
		reloadHere(requested.getRolloutId(), coordinator).whenComplete((result, failure) -> {
			ReloadEnded ended = ended(requested.getRolloutId(), coordinator, result, failure);
			try {
				send(ended);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not tell " + coordinator + " how the reload for rollout "
						+ requested.getRolloutId() + " ended: " + ex);
			}
		});
	}

	CompletableFuture<ReloadResult> reloadHere(String rolloutId, String coordinator) {
		return this.reloads.requestReload(new ReloadRequest(null, ReloadTrigger.FLEET,
				"fleet rollout " + rolloutId + " from " + coordinator));
	}

	ReloadEnded ended(String rolloutId, String coordinator, @Nullable ReloadResult result,
			@Nullable Throwable failure) {
		long window = currentGateway().map((gateway) -> gateway.rollbackWindow().toMillis()).orElse(0L);
		if (result == null) {
			return new ReloadEnded(this, this.busId, coordinator, rolloutId, this.reloads.currentGeneration(),
					"FAILURE", ReloadTrigger.FLEET.name(), 0, String.valueOf(failure), window);
		}
		return new ReloadEnded(this, this.busId, coordinator, rolloutId, result.generation(), result.outcome().name(),
				result.trigger().name(), result.durationMillis(), result.error(), window);
	}

	private void heartbeat() {
		try {
			announceQuietly("HEARTBEAT", null);
			this.members.forgetSilent(this.settings.heartbeat().multipliedBy(3));
			Rollout rollout = this.coordinating;
			if (rollout != null) {
				rollout.publishQuietly();
			}
			abandonSilentRollout();
		}
		catch (RuntimeException ex) {
			logger.warn("Fleet heartbeat failed", ex);
		}
	}

	private synchronized void abandonSilentRollout() {
		RolloutStatus rollout = this.lastRollout;
		if (rollout == null || !rollout.running() || this.coordinating != null) {
			return;
		}
		Duration silence = Duration.ofNanos(System.nanoTime() - this.lastRolloutHeard);
		if (silence.compareTo(this.settings.stepTimeout()) > 0) {
			String error = "its coordinator " + rollout.coordinator() + " was silent for more than "
					+ this.settings.stepTimeout();
			logger.warn("Fleet rollout " + rollout.id() + " abandoned: " + error);
			this.lastRollout = Rollout.ended(rollout, RolloutState.ABANDONED, error);
			rolloutEnded(RolloutState.ABANDONED);
		}
	}

	private void announceQuietly(String reason, @Nullable String probeId) {
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
		send(new MemberAnnounced(this, this.busId, reason, this.service, generation, status.mode().name(),
				health(), this.version, lastOutcome, probeId));
		this.announcedGeneration = generation;
	}

	/**
	 * The health of the generation serving now.
	 * @return {@code UP}, or what is wrong
	 */
	String health() {
		return currentGateway().map((gateway) -> gateway.health().get()).orElse("UNKNOWN: no generation is ready");
	}

	/**
	 * This instance as a member.
	 * @return the member
	 */
	FleetMember self() {
		ReloadStatus status = this.reloads.status();
		return new FleetMember(this.busId, this.service, status.currentGeneration(), status.mode().name(), health(),
				this.version, (status.lastReload() != null) ? status.lastReload().outcome().name() : null,
				Instant.now().toString(), true);
	}

	private Optional<BusGateway> currentGateway() {
		int current = this.reloads.currentGeneration();
		BusGateway newest = null;
		for (BusGateway gateway : this.gateways) {
			if (gateway.generation() == current) {
				return Optional.of(gateway);
			}
			newest = gateway;
		}
		return Optional.ofNullable(newest);
	}

	/**
	 * Sends an event through the newest generation whose bus takes it.
	 * @param event the event
	 * @throws IllegalStateException if no generation is ready, or the broker cannot be
	 * reached
	 */
	void send(FleetEvent event) {
		List<BusGateway> newestFirst = new ArrayList<>(this.gateways);
		Collections.reverse(newestFirst);
		currentGateway().ifPresent((current) -> {
			newestFirst.remove(current);
			newestFirst.add(0, current);
		});
		RuntimeException failure = null;
		for (BusGateway gateway : newestFirst) {
			try {
				gateway.bus().send(event);
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			throw new IllegalStateException("The fleet's bus did not take the event: " + rootCause(failure), failure);
		}
		throw new IllegalStateException("No generation of this instance is connected to the fleet's bus yet");
	}

	static String rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.toString();
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
		send(new MemberProbed(this, this.busId, member, probeId));
		return answer;
	}

	private static String outcomeKey(String rolloutId, String member) {
		return rolloutId + "/" + member;
	}

	/**
	 * Starts a rollout coordinated by this instance.
	 * @return the rollout started, or why none was
	 */
	public synchronized RolloutStart startRollout() {
		if (this.left) {
			return RolloutStart.unavailable("This instance is shutting down");
		}
		RolloutStatus last = this.lastRollout;
		if (last != null && last.running()) {
			return RolloutStart.conflict(last);
		}
		List<FleetMember> order = new ArrayList<>();
		this.members.all().forEach(order::add);
		order.add(self());
		Rollout rollout = new Rollout(this, "rollout-" + UUID.randomUUID().toString().substring(0, 8), order);
		try {
			rollout.announceStart();
		}
		catch (RuntimeException ex) {
			return RolloutStart.unavailable("The fleet's bus cannot be reached, nothing was reloaded: "
					+ rootCause(ex));
		}
		this.coordinating = rollout;
		this.lastRollout = rollout.status();
		Thread thread = new Thread(rollout::run, "hotreload-fleet-" + rollout.id());
		thread.setDaemon(true);
		thread.start();
		return RolloutStart.started(rollout.status());
	}

	/**
	 * A rollout this instance coordinates changed.
	 * @param rollout its status
	 */
	synchronized void coordinated(RolloutStatus rollout) {
		this.lastRollout = rollout;
		if (!rollout.running()) {
			if (this.coordinating != null && this.coordinating.id().equals(rollout.id())) {
				this.coordinating = null;
			}
		}
	}

	void rolloutEnded(RolloutState state) {
		this.rolloutsEnded.get(state).incrementAndGet();
	}

	/**
	 * Rollouts that ended here, by how: those this instance coordinated, and those it
	 * called abandoned.
	 * @param state how they ended
	 * @return how many
	 */
	public long rolloutsEnded(RolloutState state) {
		return this.rolloutsEnded.get(state).get();
	}

	/**
	 * The members this instance heard, itself included, ordered by bus id.
	 * @return the members
	 */
	public List<FleetMember> members() {
		List<FleetMember> all = new ArrayList<>(this.members.all());
		all.add(self());
		all.sort(Comparator.comparing(FleetMember::id));
		return all;
	}

	/**
	 * The {@code fleet} section of {@code GET /actuator/reload}.
	 * @return the status
	 */
	public FleetStatus status() {
		return new FleetStatus(this.busId, members(), this.lastRollout);
	}

}
