package dev.hotreload.fleet.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.RolloutStatus;

/**
 * A coordinator tells every member where its rollout stands: at every change and at every
 * heartbeat while it runs, so that its silence means it is gone.
 */
@SuppressWarnings("serial")
public class RolloutChanged extends FleetEvent {

	private @Nullable RolloutStatus rollout;

	@JsonCreator
	protected RolloutChanged() {
	}

	public RolloutChanged(Object source, String origin, RolloutStatus rollout) {
		super(source, origin, EVERYONE);
		this.rollout = rollout;
	}

	public @Nullable RolloutStatus getRollout() {
		return this.rollout;
	}

}
