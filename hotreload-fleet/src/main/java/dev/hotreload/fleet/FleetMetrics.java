package dev.hotreload.fleet;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.hotreload.fleet.RolloutStatus.RolloutState;

/**
 * {@code hotreload.fleet.rollouts} (tag {@code outcome}: {@code succeeded} and
 * {@code halted} where the rollout was coordinated, {@code abandoned} where a member
 * called it so) and {@code hotreload.fleet.members}, the members this instance heard,
 * itself included. They read the {@link FleetNode}, which outlives generations; the
 * rollouts are counted in the application's
 * {@link dev.hotreload.counter.DurableCounters durable counters}, which in process mode
 * outlive workers too: the counter never resets while the instance runs.
 */
public class FleetMetrics implements MeterBinder {

	private final FleetNode node;

	public FleetMetrics(FleetNode node) {
		this.node = node;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (RolloutState state : RolloutState.values()) {
			if (state == RolloutState.RUNNING) {
				continue;
			}
			FunctionCounter.builder("hotreload.fleet.rollouts", this.node, (node) -> node.rolloutsEnded(state))
				.description("Fleet rollouts that ended, by outcome")
				.tag("outcome", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		Gauge.builder("hotreload.fleet.members", this.node, (node) -> node.members().size())
			.description("Members of the fleet this instance heard, itself included")
			.register(registry);
	}

}
