package dev.hotreload.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -HUP} reloads the application instead of ending its JVM (this one: were
 * the handler missing, the JVM would shut down and the run would fail loudly).
 */
class SignalTriggerTests {

	@Test
	void sighupReloadsIntoTheNextGeneration() throws Exception {
		try (RunningSample sample = RunningSample.start()) {
			assertThat(sample.get("/hello").generationHeader()).isEqualTo("1");
			Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
			assertThat(kill.waitFor()).isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> "2".equals(sample.get("/hello").generationHeader()));
			ReloadResult last = sample.application().status().lastReload();
			assertThat(last.trigger()).isEqualTo(ReloadTrigger.SIGNAL);
			assertThat(last.succeeded()).isTrue();
		}
	}

}
