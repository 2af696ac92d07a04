package dev.hotreload.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.RolloutStatus.Step;
import dev.hotreload.fleet.RolloutStatus.StepState;
import dev.hotreload.fleet.event.RolloutChanged;

/**
 * One rollout as its coordinator keeps it: a step per member, in the order they are
 * reloaded (the coordinator last), the members that joined meanwhile, and how it ended.
 * Every change is told to every member. A {@link RolloutRunner} runs its steps.
 */
final class Rollout {

	private static final Log logger = LogFactory.getLog(Rollout.class);

	private final FleetNode node;

	private final String id;

	private final String started = Instant.now().toString();

	private final List<Step> steps = new ArrayList<>();

	private final List<String> joinedDuring = new ArrayList<>();

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	private RolloutState state = RolloutState.RUNNING;

	private @Nullable String ended;

	private @Nullable String error;

	Rollout(FleetNode node, String id, List<FleetMember> order) {
		this.node = node;
		this.id = id;
		for (FleetMember member : order) {
			this.steps.add(new Step(member.id(), StepState.PENDING, member.generation(), null, null, null, null));
		}
	}

	String id() {
		return this.id;
	}

	/**
	 * Completes once this rollout has ended and said so.
	 * @return the future
	 */
	CompletableFuture<Void> finished() {
		return this.finished;
	}

	synchronized RolloutStatus status() {
		return new RolloutStatus(this.id, this.node.busId(), this.state, this.started, this.ended, this.steps,
				this.joinedDuring, this.error);
	}

	static RolloutStatus ended(RolloutStatus rollout, RolloutState state, String error) {
		List<Step> steps = rollout.steps()
			.stream()
			.map((step) -> (step.state() == StepState.PENDING) ? step.with(StepState.SKIPPED) : step)
			.toList();
		return new RolloutStatus(rollout.id(), rollout.coordinator(), state, rollout.started(),
				Instant.now().toString(), steps, rollout.joinedDuring(), error);
	}

	/**
	 * Tells every member that this rollout starts, before anything is reloaded.
	 * @throws IllegalStateException if the bus does not take it
	 */
	void announceStart() {
		this.node.bus().send(new RolloutChanged(this.node, this.node.busId(), status()));
	}

	void publish() {
		RolloutStatus status = status();
		this.node.rollouts().coordinated(status);
		this.node.bus().send(new RolloutChanged(this.node, this.node.busId(), status));
	}

	void publishQuietly() {
		try {
			publish();
		}
		catch (RuntimeException ex) {
			logger.warn("Fleet rollout " + this.id + ": could not publish its status: " + FleetBus.rootCause(ex));
		}
	}

	/**
	 * Tells every member how this rollout ended, then completes {@link #finished()}.
	 */
	void publishEnd() {
		publishQuietly();
		this.finished.complete(null);
	}

	synchronized void joined(String member) {
		if (this.state == RolloutState.RUNNING && this.steps.stream().noneMatch((step) -> step.id().equals(member))) {
			this.joinedDuring.add(member);
			logger.info("Fleet rollout " + this.id + ": " + member + " joined during the rollout; it is not reloaded");
		}
	}

	void abandon(String why) {
		synchronized (this) {
			if (this.state != RolloutState.RUNNING) {
				return;
			}
			endAs(RolloutState.ABANDONED, why);
		}
		publishQuietly();
	}

	/**
	 * Ends this rollout before it reloaded anything, since {@code first}, started on another
	 * member at the same moment, runs instead. Not counted as a halted rollout: nothing was
	 * rolled out, and the request that started it is answered 409.
	 * @param first the rollout that runs
	 */
	void withdraw(RolloutStatus first) {
		synchronized (this) {
			close(RolloutState.HALTED, "Rollout " + first.id() + " by " + first.coordinator()
					+ " started at the same moment and runs; this one reloaded nothing");
		}
		logger.info("Fleet rollout " + this.id + " withdrawn: " + first.id() + " by " + first.coordinator()
				+ " started at the same moment and runs");
		publishEnd();
	}

	synchronized boolean isRunning() {
		return this.state == RolloutState.RUNNING;
	}

	synchronized int stepCount() {
		return this.steps.size();
	}

	synchronized List<String> members() {
		return this.steps.stream().map(Step::id).toList();
	}

	synchronized Step step(int index) {
		return this.steps.get(index);
	}

	/**
	 * Records where a member's step is, and tells every member.
	 */
	void update(int index, StepState state, @Nullable Integer toGeneration, @Nullable String outcome,
			@Nullable Long durationMillis, @Nullable String problem) {
		synchronized (this) {
			Step step = this.steps.get(index);
			this.steps.set(index, new Step(step.id(), state, step.fromGeneration(), toGeneration, outcome,
					durationMillis, problem));
		}
		publishQuietly();
	}

	/**
	 * Ends this rollout, unless it already ended (abandoned meanwhile, or halted).
	 * @param endState how it ended
	 * @param why why, {@code null} if it succeeded
	 */
	synchronized void endIfRunning(RolloutState endState, @Nullable String why) {
		if (this.state == RolloutState.RUNNING) {
			endAs(endState, why);
		}
	}

	// Called holding this rollout's lock, while it runs: a rollout ends, and is counted, once.
	private void endAs(RolloutState endState, @Nullable String why) {
		close(endState, why);
		this.node.rollouts().ended(endState);
		logger.info("Fleet rollout " + this.id + " " + endState.name().toLowerCase(Locale.ROOT)
				+ ((why != null) ? ": " + why : ""));
	}

	// Called holding this rollout's lock.
	private void close(RolloutState endState, @Nullable String why) {
		this.state = endState;
		this.error = why;
		this.ended = Instant.now().toString();
		this.steps.replaceAll((step) -> (step.state() == StepState.PENDING) ? step.with(StepState.SKIPPED) : step);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
