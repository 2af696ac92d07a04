package dev.hotreload.samplejetty;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 60 reloads on Jetty, with the JVM's default settings, leave at most two generations'
 * contexts reachable: each retired generation's Jetty, its connector and its threads let
 * go of it.
 */
class JettyReloadLeakTests {

	private static final int RELOADS = 60;

	@Test
	void sixtyReloadsLeaveAtMostTwoContexts() {
		List<WeakReference<ConfigurableApplicationContext>> contexts = new CopyOnWriteArrayList<>();
		SpringApplication application = new SpringApplication(SampleJettyApplication.class);
		application.addInitializers((context) -> contexts.add(new WeakReference<>(context)));
		try (JettySample sample = JettySample.start(application)) {
			List<Long> millis = new ArrayList<>();
			for (int i = 0; i < RELOADS; i++) {
				assertThat(sample.reload().status()).isEqualTo(200);
				millis.add(sample.application().status().lastReload().durationMillis());
			}
			List<Long> sorted = millis.stream().sorted().toList();
			System.out.println("Jetty, " + RELOADS + " reloads without load (ms, from the start of the reload to the"
					+ " switch): median " + sorted.get(RELOADS / 2) + ", min " + sorted.get(0) + ", max "
					+ sorted.get(RELOADS - 1));
			assertThat(sample.get("/hello").generation()).isEqualTo(String.valueOf(1 + RELOADS));
			assertThat(contexts).hasSize(RELOADS + 1);
			await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				System.gc();
				assertThat(sample.application().status().generations()).hasSize(1);
				assertThat(contexts.stream().filter((context) -> context.get() != null).count())
					.isLessThanOrEqualTo(2);
			});
		}
	}

}
