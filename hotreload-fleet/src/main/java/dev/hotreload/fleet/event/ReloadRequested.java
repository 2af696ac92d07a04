package dev.hotreload.fleet.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A coordinator asks one member to reload, as a step of a rollout.
 */
@SuppressWarnings("serial")
public class ReloadRequested extends FleetEvent {

	private String rolloutId = "";

	@JsonCreator
	protected ReloadRequested() {
	}

	public ReloadRequested(Object source, String origin, String member, String rolloutId) {
		super(source, origin, member);
		this.rolloutId = rolloutId;
	}

	public String getRolloutId() {
		return this.rolloutId;
	}

}
