package dev.hotreload.process;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.SingletonHandOver;
import dev.hotreload.reload.ReloadStatistics.Figures;
import dev.hotreload.reload.ReloadStatus.RollbackWindowStatus;
import dev.hotreload.reload.ReloadStatus.SupervisorStatus;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The control messages between a supervisor and its workers survive the trip as one line.
 */
class ControlMessageTests {

	@Test
	void fieldsWithSpacesNewlinesAndEqualsSignsSurviveOneLine() {
		ControlMessage message = ControlMessage.of("RESULT")
			.with("id", 7)
			.with("error", "worker 12 exited with code 1; its last lines:\nCaused by: a=b c")
			.with("missing", null);
		String line = message.encode();
		assertThat(line).doesNotContain("\n").startsWith("RESULT ");
		ControlMessage decoded = ControlMessage.decode(line);
		assertThat(decoded.type()).isEqualTo("RESULT");
		assertThat(decoded.requireInt("id")).isEqualTo(7);
		assertThat(decoded.get("error")).isEqualTo("worker 12 exited with code 1; its last lines:\nCaused by: a=b c");
		assertThat(decoded.get("missing")).isNull();
	}

	@Test
	void malformedLinesAreRejectedWithTheirReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> ControlMessage.decode("   "))
			.withMessageContaining("Empty");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlMessage.decode("READY startupMillis"))
			.withMessageContaining("Malformed field 'startupMillis'");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlMessage.decode("READY").require("startupMillis"))
			.withMessageContaining("lacks field 'startupMillis'");
	}

	@Test
	void theSupervisorsViewSurvivesTheTrip() {
		ReloadResult last = new ReloadResult(5, ReloadKind.PROCESS, ReloadTrigger.FILE, ReloadOutcome.FAILURE,
				Instant.parse("2026-12-01T08:00:00Z"), 1234, null, "worker 99 exited with code 1");
		Figures figures = new Figures(Map.of("success.endpoint", 2L, "success.signal", 1L, "failure.file", 1L,
				"coalesced.endpoint", 2L), 3, 9_000_000_000L, 2, 80_000_000L, 1, 40, 7,
				new DrainOutcome(3, DrainMode.CLOSE, 0, 12, 1), 2, 40_000_000L,
				new SingletonHandOver(3, 4, 21, true, Instant.parse("2026-12-01T08:00:01Z")));
		SupervisorView view = new SupervisorView(new SupervisorStatus(42, Instant.parse("2026-12-01T07:00:00Z")), 4,
				true, false, List.of(new WorkerStatus(4, 100, GenerationState.ACTIVE,
						Instant.parse("2026-12-01T07:59:00Z"), 60),
						new WorkerStatus(3, 90, GenerationState.STANDBY, Instant.parse("2026-12-01T07:50:00Z"), 600)),
				last, figures, Map.of("fleet.rollouts.succeeded", 3L, "fleet.rollouts.abandoned", 1L),
				new RollbackWindowStatus(4, 3, Instant.parse("2026-12-01T08:01:00Z")));
		SupervisorView decoded = SupervisorView.fromMessage(ControlMessage.decode(view.toMessage().encode()));
		assertThat(decoded.supervisor()).isEqualTo(view.supervisor());
		assertThat(decoded.currentGeneration()).isEqualTo(4);
		assertThat(decoded.reloadRequested()).isTrue();
		assertThat(decoded.reloadInProgress()).isFalse();
		assertThat(decoded.lastReload()).isEqualTo(last);
		assertThat(decoded.figures()).isEqualTo(figures);
		assertThat(decoded.counters()).isEqualTo(view.counters());
		assertThat(decoded.rollbackWindow()).isEqualTo(view.rollbackWindow());
		assertThat(decoded.workers()).extracting(WorkerStatus::generation, WorkerStatus::pid, WorkerStatus::state,
				WorkerStatus::startTime)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(4, 100L, GenerationState.ACTIVE,
							Instant.parse("2026-12-01T07:59:00Z")),
					org.assertj.core.groups.Tuple.tuple(3, 90L, GenerationState.STANDBY,
							Instant.parse("2026-12-01T07:50:00Z")));
	}

	@Test
	void aViewWithoutWorkersOrReloadsSurvivesTheTrip() {
		SupervisorView view = new SupervisorView(new SupervisorStatus(42, Instant.now()), 1, false, false, List.of(),
				null, new dev.hotreload.reload.ReloadStatistics().figures(), Map.of(), null);
		SupervisorView decoded = SupervisorView.fromMessage(ControlMessage.decode(view.toMessage().encode()));
		assertThat(decoded.workers()).isEmpty();
		assertThat(decoded.lastReload()).isNull();
		assertThat(decoded.rollbackWindow()).isNull();
		assertThat(decoded.figures()).isEqualTo(view.figures());
		assertThat(decoded.counters()).isEmpty();
	}

}
