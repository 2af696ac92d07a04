package dev.hotreload.samplejetty;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloads the Jetty sample again and again while real clients keep it busy (keep-alive
 * clients, clients opening a connection per request, slow requests that span switches),
 * and fails on any request a client did not get a 200 for.
 */
class JettyZeroDropReloadTests {

	private static final int RELOADS = 8;

	@Test
	void noClientSeesAnErrorAcrossReloadsUnderLoad() throws Exception {
		try (JettySample sample = JettySample.start()) {
			List<String> reloadFailures = new ArrayList<>();
			LoadGenerator load = new LoadGenerator(sample.port(), 4, 2, 2, 700);
			try {
				JettySample.sleep(500);
				for (int i = 0; i < RELOADS; i++) {
					JettySample.Response response = sample.reload();
					if (response.status() != 200) {
						reloadFailures.add(response.status() + " " + response.body());
					}
					// Let slow requests started on this generation span the next switch.
					JettySample.sleep(300);
				}
				JettySample.sleep(1000);
			}
			finally {
				load.close();
			}
			System.out.println("Jetty, " + RELOADS + " reloads under load: " + load.succeeded() + " requests, "
					+ load.failures().size() + " failed, generations seen " + load.generationsSeen());
			assertThat(reloadFailures).isEmpty();
			assertThat(load.failures()).isEmpty();
			assertThat(sample.application().currentGeneration()).isEqualTo(1 + RELOADS);
			assertThat(load.generationsSeen()).contains(1, 1 + RELOADS).hasSizeGreaterThan(RELOADS / 2);
			assertThat(load.succeeded()).isGreaterThan(100);
		}
	}

}
