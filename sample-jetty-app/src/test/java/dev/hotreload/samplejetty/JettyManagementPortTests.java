package dev.hotreload.samplejetty;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the management server on its own port, both of Jetty's ports are shared listeners:
 * reloads succeed, keep both ports, and lose no request on the application's.
 */
class JettyManagementPortTests {

	private static final int RELOADS = 3;

	@Test
	void bothPortsSurviveReloadsUnderLoad() throws Exception {
		try (JettySample sample = JettySample.start("--management.server.port=0")) {
			List<ReloadStatus.ListenerStatus> listeners = sample.application().status().listeners();
			assertThat(listeners).extracting(ReloadStatus.ListenerStatus::name)
				.containsExactlyInAnyOrder("server", "management");
			int managementPort = port(listeners, "management");
			assertThat(managementPort).isNotEqualTo(sample.port());
			LoadGenerator load = new LoadGenerator(sample.port(), 2, 1, 1, 500);
			try {
				for (int i = 0; i < RELOADS; i++) {
					JettySample.Response reload = sample.reloadOn(managementPort);
					assertThat(reload.status()).as(reload.body()).isEqualTo(200);
					JettySample.sleep(300);
				}
			}
			finally {
				load.close();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(port(sample.application().status().listeners(), "management")).isEqualTo(managementPort);
			assertThat(sample.get("/hello").generation()).isEqualTo(String.valueOf(1 + RELOADS));
			JettySample.Response health = sample.getOn(managementPort, "/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.generation()).isEqualTo(String.valueOf(1 + RELOADS));
		}
	}

	private static int port(List<ReloadStatus.ListenerStatus> listeners, String name) {
		String address = listeners.stream()
			.filter((listener) -> listener.name().equals(name))
			.findFirst()
			.orElseThrow()
			.address();
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

}
