package dev.hotreload.generation;

/**
 * Thread-safe book-keeping of reloads: the generation serving now, whether a reload was
 * requested and whether one is running. Generation numbers are handed out once and never
 * reused, so a failed attempt leaves a gap.
 *
 * <p>The life of a reload: {@link #requestReload()}, then {@link #startReload()} which
 * hands out the new generation number, then either {@link #finishReload()} (the new
 * generation serves) or {@link #cancelReload()} (it failed; the current one stays).
 */
public final class ReloadCoordinator {

	private int currentGeneration;

	private int lastIssuedGeneration;

	private int generationInProgress;

	private boolean reloadRequested;

	/**
	 * A coordinator whose first generation is 1.
	 */
	public ReloadCoordinator() {
		this(1);
	}

	/**
	 * A coordinator starting at the given generation.
	 * @param initialGeneration the generation serving now
	 */
	public ReloadCoordinator(int initialGeneration) {
		if (initialGeneration < 1) {
			throw new IllegalArgumentException("Generation numbers start at 1, got " + initialGeneration);
		}
		this.currentGeneration = initialGeneration;
		this.lastIssuedGeneration = initialGeneration;
	}

	public synchronized int currentGeneration() {
		return this.currentGeneration;
	}

	public synchronized boolean reloadRequested() {
		return this.reloadRequested;
	}

	public synchronized boolean reloadInProgress() {
		return this.generationInProgress != 0;
	}

	/**
	 * The generation being started, or 0 when no reload runs.
	 * @return the generation in progress
	 */
	public synchronized int generationInProgress() {
		return this.generationInProgress;
	}

	/**
	 * Records that a reload is wanted. Idempotent: requests made before the next
	 * {@link #startReload()} are one request.
	 */
	public synchronized void requestReload() {
		this.reloadRequested = true;
	}

	/**
	 * Starts a reload: clears the request and hands out the next generation number.
	 * @return the number of the generation to start
	 * @throws IllegalStateException if a reload is already in progress
	 */
	public synchronized int startReload() {
		if (this.generationInProgress != 0) {
			throw new IllegalStateException(
					"Reload of generation " + this.generationInProgress + " is already in progress");
		}
		this.reloadRequested = false;
		this.generationInProgress = ++this.lastIssuedGeneration;
		return this.generationInProgress;
	}

	/**
	 * Ends the reload in progress successfully: its generation becomes the current one.
	 * @return the new current generation
	 * @throws IllegalStateException if no reload is in progress
	 */
	public synchronized int finishReload() {
		if (this.generationInProgress == 0) {
			throw new IllegalStateException("No reload in progress");
		}
		this.currentGeneration = this.generationInProgress;
		this.generationInProgress = 0;
		return this.currentGeneration;
	}

	/**
	 * Ends the reload in progress without switching: the current generation stays and the
	 * number handed out is not reused. A request made while the reload ran stays pending.
	 */
	public synchronized void cancelReload() {
		this.generationInProgress = 0;
	}

}
