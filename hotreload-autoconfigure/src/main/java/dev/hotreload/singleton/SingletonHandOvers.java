package dev.hotreload.singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.context.Generation;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.SingletonHandOver;

/**
 * Which generation of the application runs the singleton work, and its moves to the
 * generation that serves after each switch: the old generation's work is stopped (and
 * what runs of it ends) before the new generation's starts, so no execution overlaps
 * across generations. Moves are one at a time; a move to a generation that no longer
 * serves (a newer one switched meanwhile) does nothing, that newer one's move takes the
 * work.
 */
public final class SingletonHandOvers {

	private static final Log logger = LogFactory.getLog(SingletonHandOvers.class);

	private final Object lock = new Object();

	private volatile Consumer<SingletonHandOver> moved;

	private volatile boolean holdFirst;

	private volatile @Nullable GenerationSingletons running;

	/**
	 * @param moved told of every move of work
	 */
	public SingletonHandOvers(Consumer<SingletonHandOver> moved) {
		this.moved = moved;
	}

	/**
	 * Reports moves elsewhere: a worker process's to its supervisor.
	 * @param moved told of every move of work from now on
	 */
	public void reportTo(Consumer<SingletonHandOver> moved) {
		this.moved = moved;
	}

	/**
	 * Makes this JVM's generations hold their work until {@link #startHeld}: in a worker
	 * process, another worker's generation may still run it.
	 */
	public void holdFirstGeneration() {
		this.holdFirst = true;
	}

	/**
	 * The singleton work of a generation whose context is being created: the first
	 * generation runs its work as an application without hotreload does (unless held),
	 * later ones hold theirs until the switch.
	 * @param generation the generation's number
	 * @param first whether it is this JVM's first generation
	 * @param factory creates the generation's singleton work, told whether it holds
	 * @return the generation's singleton work
	 */
	public GenerationSingletons register(int generation, boolean first,
			Function<Boolean, GenerationSingletons> factory) {
		boolean held = !first || this.holdFirst;
		GenerationSingletons singletons = factory.apply(held);
		if (!held) {
			this.running = singletons;
		}
		return singletons;
	}

	/**
	 * Moves the singleton work to a generation that now serves.
	 * @param target the generation switched to
	 * @param shuttingDown whether the application is shutting down (nothing moves then:
	 * every generation is about to stop its work)
	 */
	public void moveTo(Generation target, boolean shuttingDown) {
		synchronized (this.lock) {
			GenerationSingletons next = singletonsOf(target);
			// A worker told to hold its work keeps holding it, in whichever generation serves.
			if (shuttingDown || this.holdFirst || next == null || next == this.running
					|| target.state() != GenerationState.ACTIVE) {
				return;
			}
			try {
				move(this.running, next);
			}
			catch (RuntimeException ex) {
				// The old generation must still drain and close, whatever its work did.
				logger.error("Singleton work could not move to generation " + next.generation(), ex);
			}
		}
	}

	/**
	 * Starts the held work of this JVM's serving generation: a worker process's, once
	 * the supervisor says the workers before it have stopped theirs.
	 * @param generations this JVM's live generations
	 * @return whether the serving generation has singleton work
	 */
	public boolean startHeld(List<Generation> generations) {
		synchronized (this.lock) {
			this.holdFirst = false;
			GenerationSingletons next = generations.stream()
				.filter((generation) -> generation.state() == GenerationState.ACTIVE)
				.map(SingletonHandOvers::singletonsOf)
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null);
			if (next == null || !next.isHeld()) {
				return next != null && next.hasWork();
			}
			next.start();
			this.running = next;
			if (next.hasWork()) {
				logger.info("Singleton work started in generation " + next.generation());
			}
			return next.hasWork();
		}
	}

	/**
	 * Stops the work that runs in this JVM for good: a retiring worker's, before the next
	 * worker starts its own.
	 * @return whether it ended within the stop timeout
	 */
	public boolean stopRunning() {
		synchronized (this.lock) {
			GenerationSingletons previous = this.running;
			this.running = null;
			return previous == null || previous.stop(previous.settings().stopTimeout());
		}
	}

	private void move(@Nullable GenerationSingletons previous, GenerationSingletons next) {
		long begin = System.nanoTime();
		boolean inTime = (previous == null) || previous.stop(next.settings().stopTimeout());
		next.start();
		this.running = next;
		long gapMillis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
		if ((previous != null && previous.hasWork()) || next.hasWork()) {
			int from = (previous != null) ? previous.generation() : 0;
			logger.info("Singletons moved from generation " + from + " to " + next.generation() + " in " + gapMillis
					+ " ms" + (inTime ? "" : " (the old generation's did not end within the stop timeout)"));
			this.moved.accept(new SingletonHandOver(from, next.generation(), gapMillis, inTime, Instant.now()));
		}
	}

	private static @Nullable GenerationSingletons singletonsOf(Generation generation) {
		ConfigurableApplicationContext context = generation.context();
		return (context != null && context.isActive())
				? context.getBeanProvider(GenerationSingletons.class).getIfAvailable() : null;
	}

}
