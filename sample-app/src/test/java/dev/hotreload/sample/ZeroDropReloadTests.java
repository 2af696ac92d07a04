package dev.hotreload.sample;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloads the sample application again and again while real clients keep it busy, and
 * fails on any request a client did not get a 200 for.
 */
class ZeroDropReloadTests {

	private static final int RELOADS = 12;

	@Test
	void noClientSeesAnErrorAcrossReloadsUnderLoad() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			List<String> reloadFailures = new ArrayList<>();
			LoadGenerator load = new LoadGenerator(sample.port(), 4, 2, 2, 700);
			try {
				RunningSample.sleep(500);
				for (int i = 0; i < RELOADS; i++) {
					RunningSample.Response response = sample.reload();
					if (response.status() != 200) {
						reloadFailures.add(response.status() + " " + response.body());
					}
					// Let slow requests started on this generation span the next switch.
					RunningSample.sleep(300);
				}
				RunningSample.sleep(1000);
			}
			finally {
				load.close();
			}
			assertThat(reloadFailures).isEmpty();
			assertThat(load.failures()).isEmpty();
			assertThat(sample.application().currentGeneration()).isEqualTo(1 + RELOADS);
			assertThat(load.generationsSeen()).contains(1, 1 + RELOADS).hasSizeGreaterThan(RELOADS / 2);
			assertThat(load.succeeded()).isGreaterThan(1000);
		}
	}

}
