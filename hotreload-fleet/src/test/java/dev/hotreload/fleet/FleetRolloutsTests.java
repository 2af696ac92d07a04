package dev.hotreload.fleet;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hotreload.fleet.RolloutStatus.RolloutState;

import static org.assertj.core.api.Assertions.assertThat;

class FleetRolloutsTests {

	@Test
	void ofTwoRolloutsStartedAtTheSameMomentTheEarlierGoesFirstThenTheLowerId() {
		RolloutStatus early = running("rollout-ffff0000", "2026-12-06T21:00:00.100Z");
		RolloutStatus late = running("rollout-00000000", "2026-12-06T21:00:00.101Z");
		assertThat(FleetRollouts.precedes(early, late)).isTrue();
		assertThat(FleetRollouts.precedes(late, early)).isFalse();

		RolloutStatus sameInstant = running("rollout-aaaa0000", "2026-12-06T21:00:00.100Z");
		assertThat(FleetRollouts.precedes(sameInstant, early)).isTrue();
		assertThat(FleetRollouts.precedes(early, sameInstant)).isFalse();
		assertThat(FleetRollouts.precedes(early, early)).isFalse();
	}

	private static RolloutStatus running(String id, String started) {
		return new RolloutStatus(id, "sample-app:" + id, RolloutState.RUNNING, started, null, List.of(), List.of(),
				null);
	}

}
