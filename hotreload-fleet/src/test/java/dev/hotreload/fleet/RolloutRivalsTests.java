package dev.hotreload.fleet;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hotreload.fleet.RolloutStatus.RolloutState;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutRivalsTests {

	@Test
	void ofTwoRolloutsStartedAtTheSameMomentTheEarlierGoesFirstThenTheLowerId() {
		RolloutStatus early = running("rollout-ffff0000", "2026-12-06T21:00:00.100Z");
		RolloutStatus late = running("rollout-00000000", "2026-12-06T21:00:00.101Z");
		assertThat(RolloutRivals.precedes(early, late)).isTrue();
		assertThat(RolloutRivals.precedes(late, early)).isFalse();

		RolloutStatus sameInstant = running("rollout-aaaa0000", "2026-12-06T21:00:00.100Z");
		assertThat(RolloutRivals.precedes(sameInstant, early)).isTrue();
		assertThat(RolloutRivals.precedes(early, sameInstant)).isFalse();
		assertThat(RolloutRivals.precedes(early, early)).isFalse();
	}

	@Test
	void theRivalThatGoesFirstIsTheEarliestOfThoseHeardStillRunningAndBeforeTheOwnOne() {
		RolloutStatus own = running("rollout-own", "2026-12-06T21:00:00.200Z");
		RolloutRivals rivals = new RolloutRivals();
		assertThat(rivals.preceding(own)).isNull();
		RolloutStatus later = running("rollout-later", "2026-12-06T21:00:00.300Z");
		rivals.heard(later);
		assertThat(rivals.preceding(own)).as("only a later rival").isNull();
		RolloutStatus early = running("rollout-early", "2026-12-06T21:00:00.150Z");
		RolloutStatus earliest = running("rollout-earliest", "2026-12-06T21:00:00.100Z");
		rivals.heard(early);
		rivals.heard(earliest);
		assertThat(rivals.preceding(own)).isEqualTo(earliest);
		rivals.heard(ended(earliest));
		assertThat(rivals.preceding(own)).as("the earliest ended").isEqualTo(early);
		rivals.clear();
		assertThat(rivals.preceding(own)).isNull();
	}

	private static RolloutStatus ended(RolloutStatus rollout) {
		return new RolloutStatus(rollout.id(), rollout.coordinator(), RolloutState.SUCCEEDED, rollout.started(), null,
				List.of(), List.of(), null);
	}

	private static RolloutStatus running(String id, String started) {
		return new RolloutStatus(id, "sample-app:" + id, RolloutState.RUNNING, started, null, List.of(), List.of(),
				null);
	}

}
