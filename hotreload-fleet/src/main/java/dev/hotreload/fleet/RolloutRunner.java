package dev.hotreload.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import dev.hotreload.reload.ReloadOutcome;

/**
 * Runs a rollout on its coordinator's thread: members are reloaded in order, a batch at a
 * time; after each reload it waits for the member's outcome, then the settle time and the
 * member's rollback window, then checks that the member still serves its new generation
 * and is healthy. The first failure halts the rollout: later members are not touched.
 */
final class RolloutRunner implements Runnable {

	private static final Log logger = LogFactory.getLog(RolloutRunner.class);

	private final FleetNode node;

	private final Rollout rollout;

	RolloutRunner(FleetNode node, Rollout rollout) {
		this.node = node;
		this.rollout = rollout;
	}

	@Override
	public void run() {
		int batchSize = this.node.settings().batchSize();
		int steps = this.rollout.stepCount();
		logger.info("Fleet rollout " + this.rollout.id() + " starts: " + steps + " members, " + this.rollout.members()
				+ ", " + batchSize + " at a time");
		try {
			for (int first = 0; first < steps; first += batchSize) {
				List<Integer> batch = new ArrayList<>();
				for (int i = first; i < Math.min(first + batchSize, steps); i++) {
					batch.add(i);
				}
				RolloutStatus rival = this.node.rollouts().precedingRival(this.rollout);
				if (rival != null) {
					this.rollout.endIfRunning(RolloutState.HALTED, "Rollout " + rival.id() + " by " + rival.coordinator()
							+ " started at the same moment and goes first");
					return;
				}
				if (!runBatch(batch)) {
					return;
				}
			}
			this.rollout.endIfRunning(RolloutState.SUCCEEDED, null);
		}
		catch (RuntimeException ex) {
			this.rollout.endIfRunning(RolloutState.HALTED, "The coordinator failed: " + FleetBus.rootCause(ex));
			logger.error("Fleet rollout " + this.rollout.id() + " failed", ex);
		}
		finally {
			this.rollout.publishEnd();
		}
	}

	private boolean runBatch(List<Integer> batch) {
		List<CompletableFuture<ReloadEnded>> outcomes = new ArrayList<>();
		List<Long> startedAt = new ArrayList<>();
		for (int index : batch) {
			if (!this.rollout.isRunning()) {
				return false;
			}
			Step step = this.rollout.step(index);
			startedAt.add(System.nanoTime());
			this.rollout.update(index, StepState.RELOADING, null, null, null, null);
			logger.info("Fleet rollout " + this.rollout.id() + ": step " + (index + 1) + "/" + this.rollout.stepCount()
					+ ", " + step.id() + " reloads (generation " + step.fromGeneration() + ")");
			outcomes.add(requestReload(step.id()));
		}
		long window = 0;
		for (int i = 0; i < batch.size(); i++) {
			int index = batch.get(i);
			Step step = this.rollout.step(index);
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
				this.node.rollouts().stopAwaitingOutcome(this.rollout.id(), step.id());
			}
			if (!ReloadOutcome.SUCCESS.name().equals(outcome.getOutcome())) {
				return halt(index, startedAt.get(i), outcome.getGeneration(), outcome.getOutcome(),
						(outcome.getError() != null) ? outcome.getError() : "reload " + outcome.getOutcome());
			}
			this.rollout.update(index, StepState.SETTLING, outcome.getGeneration(), outcome.getOutcome(), null, null);
			logger.info("Fleet rollout " + this.rollout.id() + ": " + step.id() + " serves generation "
					+ outcome.getGeneration() + "; settling");
			window = Math.max(window, outcome.getRollbackWindowMillis());
		}
		if (!this.rollout.isRunning()) {
			return false;
		}
		Rollout.sleep(this.node.settings().settle().plusMillis(window));
		for (int i = 0; i < batch.size(); i++) {
			int index = batch.get(i);
			Step step = this.rollout.step(index);
			String problem = check(step);
			if (problem != null) {
				return halt(index, startedAt.get(i), step.toGeneration(),
						problem.startsWith("rolled back") ? ReloadOutcome.ROLLED_BACK.name() : step.outcome(),
						problem);
			}
			this.rollout.update(index, StepState.SUCCEEDED, step.toGeneration(), step.outcome(),
					millisSince(startedAt.get(i)), null);
			logger.info("Fleet rollout " + this.rollout.id() + ": step " + (index + 1) + "/" + this.rollout.stepCount()
					+ ", " + step.id() + " succeeded (generation " + step.fromGeneration() + " -> "
					+ step.toGeneration() + ")");
		}
		return true;
	}

	private CompletableFuture<ReloadEnded> requestReload(String member) {
		String id = this.rollout.id();
		if (member.equals(this.node.busId())) {
			return this.node.answers().reloadHere(id, member)
				.handle((result, failure) -> this.node.answers().ended(id, member, result, failure));
		}
		CompletableFuture<ReloadEnded> outcome = this.node.rollouts().awaitOutcome(id, member);
		this.node.bus().send(new ReloadRequested(this.node, this.node.busId(), member, id));
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
		Step step = this.rollout.step(index);
		this.rollout.update(index, StepState.FAILED, toGeneration, outcome, millisSince(startedAt), problem);
		logger.warn("Fleet rollout " + this.rollout.id() + ": step " + (index + 1) + "/" + this.rollout.stepCount()
				+ ", " + step.id() + " failed: " + problem + "; the rollout halts, later members are not touched");
		this.rollout.endIfRunning(RolloutState.HALTED, step.id() + ": " + problem);
		return false;
	}

	private static long millisSince(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
	}

}
