package dev.hotreload.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hotreload.reload.ReloadStatus;
import dev.hotreload.sampletest.LoadGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the management server on its own port, both ports are shared listeners: reloads
 * succeed, keep both ports, and lose no request on either.
 */
class ManagementPortReloadTests {

	@Test
	void bothPortsSurviveReloadsUnderLoad() throws Exception {
		try (RunningSample sample = RunningSample.start("--management.server.port=0")) {
			List<ReloadStatus.ListenerStatus> listeners = sample.application().status().listeners();
			assertThat(listeners).extracting(ReloadStatus.ListenerStatus::name)
				.containsExactlyInAnyOrder("server", "management");
			int managementPort = port(listeners, "management");
			assertThat(managementPort).isNotEqualTo(sample.port());
			LoadGenerator appLoad = new LoadGenerator(sample.port(), 2, 1, 1, 500);
			LoadGenerator managementLoad = new LoadGenerator(managementPort, "/actuator/health", 2, 1);
			try {
				for (int i = 0; i < 5; i++) {
					RunningSample.Response reload = sample.reloadOn(managementPort, "ops", "change-me");
					assertThat(reload.status()).as(reload.body()).isEqualTo(200);
					RunningSample.sleep(300);
				}
			}
			finally {
				appLoad.close();
				managementLoad.close();
			}
			assertThat(appLoad.failures()).isEmpty();
			assertThat(managementLoad.failures()).isEmpty();
			assertThat(managementLoad.succeeded()).isPositive();
			assertThat(sample.application().currentGeneration()).isEqualTo(6);
			assertThat(port(sample.application().status().listeners(), "management")).isEqualTo(managementPort);
			assertThat(sample.get("/hello").body()).isEqualTo("Hello from generation 6\n");
			assertThat(sample.getOn(managementPort, "/actuator/health").generationHeader()).isEqualTo("6");
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
