package dev.hotreload.rollback;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a share of 5xx responses rolls a generation back.
 */
class RollbackWindowTests {

	private final RollbackSettings settings = new RollbackSettings(Duration.ofMinutes(1), 0.5, 20, null);

	@Test
	void fewResponsesNeverRollBackWhateverTheirStatus() {
		assertThat(RollbackWindow.errorRatioProblem(2, 1, this.settings)).isNull();
		assertThat(RollbackWindow.errorRatioProblem(19, 19, this.settings)).isNull();
	}

	@Test
	void shareAboveTheRatioRollsBackOnceThereAreEnoughResponses() {
		assertThat(RollbackWindow.errorRatioProblem(20, 11, this.settings))
			.isEqualTo("5xx responses: 11 of 20 (0.55), above the error ratio 0.50");
	}

	@Test
	void shareAtTheRatioDoesNotRollBack() {
		assertThat(RollbackWindow.errorRatioProblem(20, 10, this.settings)).isNull();
		assertThat(RollbackWindow.errorRatioProblem(1000, 0, this.settings)).isNull();
	}

	@Test
	void windowIsOffUnlessSet() {
		assertThat(RollbackSettings.none().hasWindow()).isFalse();
		assertThat(new RollbackSettings(Duration.ZERO, 0.5, 20, null).hasWindow()).isFalse();
		assertThat(this.settings.hasWindow()).isTrue();
		assertThat(new RollbackSettings(null, 0.5, 20, " ").group()).isEqualTo("readiness");
	}

}
