package dev.hotreload.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.RolloutStatus.RolloutState;
import dev.hotreload.fleet.RolloutStatus.Step;
import dev.hotreload.fleet.RolloutStatus.StepState;
import dev.hotreload.fleet.event.MemberAnnounced;
import dev.hotreload.fleet.event.ReloadEnded;
import dev.hotreload.fleet.event.ReloadRequested;
import dev.hotreload.fleet.event.RolloutChanged;
import dev.hotreload.reload.ReloadOutcome;

/**
 * One rollout, run by its coordinator: members are reloaded in order, a batch at a time
 * (the coordinator last); after each reload the rollout waits for the member's outcome,
 * then the settle time and the member's rollback window, then checks that the member
 * still serves its new generation and is healthy. The first failure halts it: later
 * members are not touched.
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

	void run() {
		int batchSize = this.node.settings().batchSize();
		logger.info("Fleet rollout " + this.id + " starts: " + this.steps.size() + " members, "
				+ this.steps.stream().map(Step::id).toList() + ", " + batchSize + " at a time");
		try {
			for (int first = 0; first < this.steps.size(); first += batchSize) {
				List<Integer> batch = new ArrayList<>();
				for (int i = first; i < Math.min(first + batchSize, this.steps.size()); i++) {
					batch.add(i);
				}
				RolloutStatus rival = this.node.rollouts().precedingRival(this);
				if (rival != null) {
					synchronized (this) {
						endAs(RolloutState.HALTED, "Rollout " + rival.id() + " by " + rival.coordinator()
								+ " started at the same moment and goes first");
					}
					return;
				}
				if (!runBatch(batch)) {
					return;
				}
			}
			synchronized (this) {
				if (this.state == RolloutState.RUNNING) {
					endAs(RolloutState.SUCCEEDED, null);
				}
			}
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				if (this.state == RolloutState.RUNNING) {
					endAs(RolloutState.HALTED, "The coordinator failed: " + FleetBus.rootCause(ex));
				}
			}
			logger.error("Fleet rollout " + this.id + " failed", ex);
		}
		finally {
			publishQuietly();
			this.finished.complete(null);
		}
	}

	private boolean runBatch(List<Integer> batch) {
		List<CompletableFuture<ReloadEnded>> outcomes = new ArrayList<>();
		List<Long> startedAt = new ArrayList<>();
		for (int index : batch) {
			if (!isRunning()) {
				return false;
			}
			Step step = step(index);
			startedAt.add(System.nanoTime());
			update(index, StepState.RELOADING, null, null, null, null);
			logger.info("Fleet rollout " + this.id + ": step " + (index + 1) + "/" + this.steps.size() + ", "
					+ step.id() + " reloads (generation " + step.fromGeneration() + ")");
			outcomes.add(requestReload(step.id()));
		}
		long window = 0;
		for (int i = 0; i < batch.size(); i++) {
			int index = batch.get(i);
			Step step = step(index);
			ReloadEnded outcome;
			try {
				outcome = outcomes.get(i).get(this.node.settings().stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				return halt(index, startedAt.get(i), null, null,
						"No outcome within the step timeout of " + this.node.settings().stepTimeout());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return halt(index, startedAt.get(i), null, null, "Interrupted");
			}
			catch (ExecutionException ex) {
				return halt(index, startedAt.get(i), null, null, FleetBus.rootCause(ex));
			}
			finally {
				this.node.rollouts().stopAwaitingOutcome(this.id, step.id());
			}
			if (!ReloadOutcome.SUCCESS.name().equals(outcome.getOutcome())) {
				return halt(index, startedAt.get(i), outcome.getGeneration(), outcome.getOutcome(),
						(outcome.getError() != null) ? outcome.getError() : "reload " + outcome.getOutcome());
			}
			update(index, StepState.SETTLING, outcome.getGeneration(), outcome.getOutcome(), null, null);
			logger.info("Fleet rollout " + this.id + ": " + step.id() + " serves generation "
					+ outcome.getGeneration() + "; settling");
			window = Math.max(window, outcome.getRollbackWindowMillis());
		}
		if (!isRunning()) {
			return false;
		}
		sleep(this.node.settings().settle().plusMillis(window));
		for (int i = 0; i < batch.size(); i++) {
			int index = batch.get(i);
			Step step = step(index);
			String problem = check(step);
			if (problem != null) {
				return halt(index, startedAt.get(i), step.toGeneration(),
						problem.startsWith("rolled back") ? ReloadOutcome.ROLLED_BACK.name() : step.outcome(),
						problem);
			}
			update(index, StepState.SUCCEEDED, step.toGeneration(), step.outcome(), millisSince(startedAt.get(i)),
					null);
			logger.info("Fleet rollout " + this.id + ": step " + (index + 1) + "/" + this.steps.size() + ", "
					+ step.id() + " succeeded (generation " + step.fromGeneration() + " -> " + step.toGeneration()
					+ ")");
		}
		return true;
	}

	private CompletableFuture<ReloadEnded> requestReload(String member) {
		if (member.equals(this.node.busId())) {
			return this.node.answers().reloadHere(this.id, member)
				.handle((result, failure) -> this.node.answers().ended(this.id, member, result, failure));
		}
		CompletableFuture<ReloadEnded> outcome = this.node.rollouts().awaitOutcome(this.id, member);
		this.node.bus().send(new ReloadRequested(this.node, this.node.busId(), member, this.id));
		return outcome;
	}

	/**
	 * Whether a member still serves the generation its reload started, and is healthy.
	 * @return what is wrong, {@code null} if nothing is
	 */
	private @Nullable String check(Step step) {
		int generation;
		String health;
		// In process mode the coordinator's own reload retired this worker: the worker that
		// serves the coordinator now answers a probe as the other members do.
		if (step.id().equals(this.node.busId()) && this.node.isServing()) {
			generation = this.node.reloads().currentGeneration();
			health = this.node.bus().health();
		}
		else {
			MemberAnnounced answer;
			try {
				answer = this.node.rollouts().probe(step.id())
					.get(this.node.settings().stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				return "no answer within the step timeout of " + this.node.settings().stepTimeout()
						+ " after the settle time";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
			catch (ExecutionException ex) {
				return FleetBus.rootCause(ex);
			}
			generation = answer.getGeneration();
			health = answer.getHealth();
		}
		Integer expected = step.toGeneration();
		if (expected != null && generation != expected) {
			return "rolled back: serves generation " + generation + " instead of " + expected;
		}
		if (!FleetNode.UP.equals(health)) {
			return "unhealthy after the settle time: " + health;
		}
		return null;
	}

	private boolean halt(int index, long startedAt, @Nullable Integer toGeneration, @Nullable String outcome,
			String problem) {
		Step step = step(index);
		update(index, StepState.FAILED, toGeneration, outcome, millisSince(startedAt), problem);
		logger.warn("Fleet rollout " + this.id + ": step " + (index + 1) + "/" + this.steps.size() + ", " + step.id()
				+ " failed: " + problem + "; the rollout halts, later members are not touched");
		synchronized (this) {
			if (this.state == RolloutState.RUNNING) {
				endAs(RolloutState.HALTED, step.id() + ": " + problem);
			}
		}
		return false;
	}

	private synchronized boolean isRunning() {
		return this.state == RolloutState.RUNNING;
	}

	private synchronized Step step(int index) {
		return this.steps.get(index);
	}

	private void update(int index, StepState state, @Nullable Integer toGeneration, @Nullable String outcome,
			@Nullable Long durationMillis, @Nullable String problem) {
		synchronized (this) {
			Step step = this.steps.get(index);
			this.steps.set(index, new Step(step.id(), state, step.fromGeneration(), toGeneration, outcome,
					durationMillis, problem));
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
		publishQuietly();
		this.finished.complete(null);
	}

	// Called holding this rollout's lock.
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

	private static long millisSince(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
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
