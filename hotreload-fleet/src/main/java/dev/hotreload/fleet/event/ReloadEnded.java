package dev.hotreload.fleet.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.jspecify.annotations.Nullable;

/**
 * A member tells the coordinator how the reload it asked for ended: what the member's own
 * {@code POST /actuator/reload} would have answered.
 */
@SuppressWarnings("serial")
public class ReloadEnded extends FleetEvent {

	private String rolloutId = "";

	private int generation;

	private String outcome = "";

	private String trigger = "";

	private long durationMillis;

	private @Nullable String error;

	private long rollbackWindowMillis;

	@JsonCreator
	protected ReloadEnded() {
	}

	public ReloadEnded(Object source, String origin, String coordinator, String rolloutId, int generation,
			String outcome, String trigger, long durationMillis, @Nullable String error, long rollbackWindowMillis) {
		super(source, origin, coordinator);
		this.rolloutId = rolloutId;
		this.generation = generation;
		this.outcome = outcome;
		this.trigger = trigger;
		this.durationMillis = durationMillis;
		this.error = error;
		this.rollbackWindowMillis = rollbackWindowMillis;
	}

	public String getRolloutId() {
		return this.rolloutId;
	}

	public int getGeneration() {
		return this.generation;
	}

	public String getOutcome() {
		return this.outcome;
	}

	public String getTrigger() {
		return this.trigger;
	}

	public long getDurationMillis() {
		return this.durationMillis;
	}

	public @Nullable String getError() {
		return this.error;
	}

	/**
	 * The member's rollback window, which the coordinator waits out after the settle time;
	 * 0 if none.
	 * @return its length
	 */
	public long getRollbackWindowMillis() {
		return this.rollbackWindowMillis;
	}

}
