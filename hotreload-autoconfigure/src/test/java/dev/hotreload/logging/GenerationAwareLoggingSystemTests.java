package dev.hotreload.logging;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot gets its usual logging system, which is not torn down by threads that close
 * a generation while another one lives.
 */
class GenerationAwareLoggingSystemTests {

	@Test
	void springBootPicksTheWrappedLogbackSystem() {
		LoggingSystem system = LoggingSystem.get(getClass().getClassLoader());
		assertThat(system).isInstanceOf(GenerationAwareLoggingSystem.class);
		assertThat(((GenerationAwareLoggingSystem) system).delegate()).isInstanceOf(LogbackLoggingSystem.class);
	}

	@Test
	void cleanUpIsSkippedOnlyWhereSuppressed() throws Exception {
		CountingLoggingSystem delegate = new CountingLoggingSystem();
		GenerationAwareLoggingSystem system = new GenerationAwareLoggingSystem(delegate);
		LoggingCleanupGuard.runSuppressingCleanup(system::cleanUp);
		assertThat(delegate.cleanUps).hasValue(0);

		Thread other = new Thread(() -> LoggingCleanupGuard.runSuppressingCleanup(() -> {
		}));
		other.start();
		other.join();
		system.cleanUp();
		assertThat(delegate.cleanUps).hasValue(1);
	}

	@Test
	void suppressionEndsWithTheAction() {
		LoggingCleanupGuard.runSuppressingCleanup(() -> {
			LoggingCleanupGuard.runSuppressingCleanup(() -> {
			});
			assertThat(LoggingCleanupGuard.isCleanupSuppressed()).isTrue();
		});
		assertThat(LoggingCleanupGuard.isCleanupSuppressed()).isFalse();
	}

	static final class CountingLoggingSystem extends LoggingSystem {

		final AtomicInteger cleanUps = new AtomicInteger();

		@Override
		public void beforeInitialize() {
		}

		@Override
		public void cleanUp() {
			this.cleanUps.incrementAndGet();
		}

	}

}
