package dev.hotreload.sample;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With JMX on, two live generations register their MBeans side by side (the sample's
 * {@code @ManagedResource} job and the actuator's health endpoint, which Spring would
 * register under the same names in both): every reload succeeds, the serving
 * generation's MBeans are registered under names that carry its number and answer, and a
 * closed generation's are gone.
 */
class JmxReloadTests {

	private static final int RELOADS = 3;

	@Test
	void generationsRegisterTheirMBeansSideBySide() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		try (RunningSample sample = RunningSample.start("--spring.jmx.enabled=true",
				"--management.endpoints.jmx.exposure.include=health,reload")) {
			assertThat(server.isRegistered(job(1))).isTrue();
			for (int i = 0; i < RELOADS; i++) {
				RunningSample.Response response = sample.reload();
				assertThat(response.status()).as(response.body()).isEqualTo(200);
			}
			int serving = 1 + RELOADS;
			assertThat(server.isRegistered(job(serving))).isTrue();
			assertThat(server.getAttribute(job(serving), "Generation")).isEqualTo(serving);
			assertThat(server.isRegistered(endpoint("Health", serving))).isTrue();
			assertThat(server.isRegistered(endpoint("Reload", serving))).isTrue();
			awaitUnregistered(server, job(1));
			assertThat(server.isRegistered(endpoint("Health", 1))).isFalse();
			System.out.println("JmxReloadTests: after " + RELOADS + " reloads: " + names(server));
		}
	}

	private static ObjectName job(int generation) throws Exception {
		return new ObjectName("dev.hotreload.sample:type=Job,name=sampleJob,generation=" + generation);
	}

	private static ObjectName endpoint(String name, int generation) throws Exception {
		return new ObjectName("org.springframework.boot:type=Endpoint,name=" + name + ",generation=" + generation);
	}

	private static void awaitUnregistered(MBeanServer server, ObjectName name) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (server.isRegistered(name) && System.nanoTime() < deadline) {
			RunningSample.sleep(50);
		}
		assertThat(server.isRegistered(name)).as(name + " after its generation closed").isFalse();
	}

	private static Set<String> names(MBeanServer server) {
		Set<String> names = new TreeSet<>();
		server.queryNames(null, null)
			.stream()
			.filter((name) -> name.getDomain().startsWith("org.springframework") || name.getDomain().startsWith("dev."))
			.forEach((name) -> names.add(name.toString()));
		return names;
	}

}
