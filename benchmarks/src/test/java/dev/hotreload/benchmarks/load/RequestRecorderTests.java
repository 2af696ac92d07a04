package dev.hotreload.benchmarks.load;

import org.junit.jupiter.api.Test;

import dev.hotreload.benchmarks.load.LoadGenerator.ClientKind;
import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Latency and counts of the fast clients' answers inside time windows.
 */
class RequestRecorderTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void countsAndRanksOnlyTheFastClientsAnswersInsideTheWindows() {
		RequestRecorder recorder = new RequestRecorder(0);
		// Ends at 1 s, 2 s, ... 10 s; latency i ms.
		for (int i = 1; i <= 10; i++) {
			recorder.completed(ClientKind.KEEP_ALIVE, i * SECOND - i * 1_000_000L, i * SECOND, Outcome.OK, 1);
		}
		recorder.completed(ClientKind.SLOW, 2 * SECOND - 500_000_000L, 2 * SECOND, Outcome.OK, 1);
		recorder.completed(ClientKind.NEW_CONNECTION, 3 * SECOND, 3 * SECOND, Outcome.REFUSED, 0);
		double[][] windows = { { 1.5, 3.5 }, { 8.0, 9.0 } };
		assertThat(recorder.fastAnswered(windows)).isEqualTo(4);
		assertThat(recorder.fastLatencyMillis(99, windows, false)).isEqualTo(9.0);
		assertThat(recorder.fastLatencyMillis(50, windows, false)).isEqualTo(3.0);
		assertThat(recorder.fastLatencyMillis(99, 0, 1.0)).isEqualTo(1.0);
		assertThat(recorder.fastAnswered(new double[][] { { 20, 30 } })).isZero();
	}

}
