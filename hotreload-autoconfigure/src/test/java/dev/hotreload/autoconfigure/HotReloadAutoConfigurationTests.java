package dev.hotreload.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;

import dev.hotreload.boot.GenerationLifecycle;
import dev.hotreload.generation.WorkerGeneration;
import dev.hotreload.context.Generation;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.longlived.GoingAway;
import dev.hotreload.tomcat.TomcatLongLivedConnections;
import dev.hotreload.rollback.RollbackSettings;
import dev.hotreload.tomcat.TomcatGenerationCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When generation reload is configured, and with which settings.
 */
class HotReloadAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class, HotReloadAutoConfiguration.class));

	@Test
	void servletApplicationOnTomcatGetsGenerationReload() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReloadableApplication.class)
				.hasSingleBean(Generation.class)
				.hasSingleBean(WorkerGeneration.class)
				.hasSingleBean(TomcatGenerationCustomizer.class)
				.hasSingleBean(GenerationLifecycle.class);
			assertThat(context.getBean(WorkerGeneration.class).generation()).isEqualTo(1);
			assertThat(context.getBean(Generation.class))
				.isSameAs(context.getBean(ReloadableApplication.class).firstGeneration());
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("hotreload.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadableApplication.class)
				.doesNotHaveBean(TomcatGenerationCustomizer.class));
	}

	@Test
	void notForNonWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HotReloadAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReloadableApplication.class));
	}

	@Test
	void defaultSettings() {
		this.runner.run((context) -> {
			HotReloadProperties properties = context.getBean(HotReloadProperties.class);
			assertThat(properties.enabled()).isTrue();
			assertThat(properties.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.reloadTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.backlog()).isEqualTo(2048);
			assertThat(properties.reusePort()).isFalse();
			assertThat(context.getBean(Generation.class).settings()).isEqualTo(properties.toSettings());
		});
	}

	@Test
	void settingsFromProperties() {
		this.runner
			.withPropertyValues("hotreload.drain-timeout=5s", "hotreload.reload-timeout=2m", "hotreload.backlog=64",
					"hotreload.reuse-port=true")
			.run((context) -> {
				Generation generation = context.getBean(Generation.class);
				assertThat(generation.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(generation.settings().reloadTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(generation.settings().backlog()).isEqualTo(64);
				assertThat(generation.settings().reusePort()).isTrue();
			});
	}

	@Test
	void longLivedConnectionsGoAwayAtDrainStartByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TomcatLongLivedConnections.class);
			TomcatLongLivedConnections longLived = context.getBean(TomcatLongLivedConnections.class);
			assertThat(longLived.policy().when()).isEqualTo(GoingAway.AT_DRAIN_START);
			assertThat(longLived.goingAwayDelay()).isEqualTo(Duration.ZERO);
			// HTTP/2 connections follow the same policy, read by the drain from the generation's settings.
			assertThat(context.getBean(Generation.class).settings().goingAway()).isEqualTo(longLived.policy());
		});
	}

	@Test
	void longLivedConnectionsGoAwayAsConfigured() {
		this.runner
			.withPropertyValues("hotreload.drain.going-away=after-grace", "hotreload.drain.going-away-grace=7s")
			.run((context) -> {
				assertThat(context.getBean(TomcatLongLivedConnections.class).goingAwayDelay())
					.isEqualTo(Duration.ofSeconds(7));
				assertThat(context.getBean(Generation.class).settings().goingAway().delay())
					.isEqualTo(Duration.ofSeconds(7));
			});
		this.runner.withPropertyValues("hotreload.drain.going-away=never")
			.run((context) -> assertThat(context.getBean(TomcatLongLivedConnections.class).goingAwayDelay()).isNull());
		this.runner.withPropertyValues("hotreload.drain.going-away-grace=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.drain.going-away-grace must not be negative"));
	}

	@Test
	void invalidSettingsFailWithAClearMessage() {
		this.runner.withPropertyValues("hotreload.backlog=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("backlog must be at least 1, got 0"));
	}

	@Test
	void invalidWarmUpSettingsFailWithAClearMessage() {
		this.runner.withPropertyValues("hotreload.warm-up.path=hello")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.warm-up.path must start with '/', got 'hello'"));
		this.runner.withPropertyValues("hotreload.warm-up.requests=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.warm-up.requests must not be negative, got -1"));
	}

	@Test
	void noRollbackWindowByDefault() {
		this.runner.run((context) -> {
			RollbackSettings settings = context.getBean(RollbackSettings.class);
			assertThat(settings.hasWindow()).isFalse();
			assertThat(settings.errorRatio()).isEqualTo(0.5);
			assertThat(settings.minimumResponses()).isEqualTo(20);
			assertThat(settings.group()).isEqualTo("readiness");
		});
	}

	@Test
	void rollbackSettingsFromProperties() {
		this.runner
			.withPropertyValues("hotreload.rollback.window=2m", "hotreload.rollback.error-ratio=0.1",
					"hotreload.rollback.minimum-responses=100", "hotreload.rollback.health-group=deep")
			.run((context) -> {
				RollbackSettings settings = context.getBean(RollbackSettings.class);
				assertThat(settings.hasWindow()).isTrue();
				assertThat(settings.window()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.errorRatio()).isEqualTo(0.1);
				assertThat(settings.minimumResponses()).isEqualTo(100);
				assertThat(settings.group()).isEqualTo("deep");
			});
	}

	@Test
	void invalidRollbackSettingsFailWithAClearMessage() {
		this.runner.withPropertyValues("hotreload.rollback.error-ratio=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.rollback.error-ratio must be above 0 and at most 1, got 0.0"));
		this.runner.withPropertyValues("hotreload.rollback.error-ratio=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.rollback.error-ratio must be above 0 and at most 1, got 1.5"));
		this.runner.withPropertyValues("hotreload.rollback.minimum-responses=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.rollback.minimum-responses must be at least 1, got 0"));
		this.runner.withPropertyValues("hotreload.rollback.window=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hotreload.rollback.window must not be negative, got PT-1S"));
	}

	@Test
	void applicationNotStartedBySpringApplicationCannotReload() {
		this.runner.run((context) -> {
			ReloadableApplication application = context.getBean(ReloadableApplication.class);
			assertThat(application.isSupported()).isFalse();
			ReloadResult result = application.requestReload(ReloadRequest.endpoint(null)).get();
			assertThat(result.outcome()).isEqualTo(ReloadOutcome.REJECTED);
			assertThat(result.error()).contains("not started by SpringApplication.run");
		});
	}

	@Test
	void closingTheServingGenerationShutsTheApplicationDown() {
		ReloadableApplication[] application = new ReloadableApplication[1];
		this.runner.run((context) -> {
			application[0] = context.getBean(ReloadableApplication.class);
			assertThat(application[0].isShuttingDown()).isFalse();
		});
		assertThat(application[0].isShuttingDown()).isTrue();
		assertThat(application[0].requestReload(ReloadRequest.endpoint(null)).join().error()).contains("shutting down");
	}

}
