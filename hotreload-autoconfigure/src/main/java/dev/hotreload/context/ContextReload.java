package dev.hotreload.context;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.rollback.GenerationHealth;
import dev.hotreload.rollback.Rollbacks;

/**
 * One reload in this JVM: the new generation's {@code SpringApplication.run}, its
 * readiness and health, then the switch; or, if it fails or is late, its abandonment while the
 * current generation keeps serving.
 */
final class ContextReload {

	private static final Log logger = LogFactory.getLog(ContextReload.class);

	private static final Duration READINESS_CHECK_INTERVAL = Duration.ofMillis(20);

	private final ReloadableApplication application;

	private final GenerationLauncher launcher;

	private final ServingGeneration serving;

	private final LiveGenerations generations;

	ContextReload(ReloadableApplication application, GenerationLauncher launcher, ServingGeneration serving,
			LiveGenerations generations) {
		this.application = application;
		this.launcher = launcher;
		this.serving = serving;
		this.generations = generations;
	}

	ReloadResult run(Attempt attempt, Generation next) {
		Instant startedAt = attempt.startedAt();
		Duration timeout = this.application.currentSettings().reloadTimeout();
		logger.info("Reload started: starting generation " + next.number() + " while generation "
				+ this.application.currentGeneration() + " serves");
		CompletableFuture<ConfigurableApplicationContext> started = this.launcher.launch(this.application, next);
		ReloadResult result;
		try {
			ConfigurableApplicationContext context = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			Duration startup = Duration.between(startedAt, Instant.now());
			awaitReadiness(context, startedAt.plus(timeout));
			// Ready is not healthy: a generation whose health group is down is not switched to.
			String unhealthy = GenerationHealth.problem(context, Rollbacks.settingsOf(context).group());
			if (unhealthy != null) {
				result = ReloadResult.of(attempt, ReloadOutcome.FAILURE, unhealthy);
			}
			else {
				logger.info("Generation " + next.number() + " is ready");
				result = this.serving.switchTo(next, attempt, startup);
			}
		}
		catch (TimeoutException ex) {
			result = ReloadResult.of(attempt, ReloadOutcome.TIMEOUT,
					"Generation " + next.number() + " was not ready within " + timeout);
		}
		catch (ExecutionException ex) {
			result = ReloadResult.of(attempt, ReloadOutcome.FAILURE, describe(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result = ReloadResult.of(attempt, ReloadOutcome.FAILURE, "Interrupted");
		}
		catch (RuntimeException ex) {
			// Closed while starting (a JVM shutdown, say): whatever it was, N keeps serving.
			result = ReloadResult.of(attempt, ReloadOutcome.FAILURE, describe(ex));
		}
		if (!result.succeeded()) {
			this.generations.abandon(next, started);
			logger.error("Reload failed (" + result.outcome() + "): generation " + next.number()
					+ " did not start and generation " + this.application.currentGeneration() + " keeps serving: "
					+ result.error());
		}
		return result;
	}

	private static void awaitReadiness(ConfigurableApplicationContext context, Instant deadline)
			throws TimeoutException, InterruptedException {
		if (!context.isActive()) {
			throw new IllegalStateException("The new generation's context was closed while it started");
		}
		ApplicationAvailability availability = context.getBeanProvider(ApplicationAvailability.class).getIfAvailable();
		while (availability != null && availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			if (Instant.now().isAfter(deadline)) {
				throw new TimeoutException();
			}
			Thread.sleep(READINESS_CHECK_INTERVAL.toMillis());
		}
	}

	private static String describe(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return (root == failure) ? failure.toString() : failure + "; root cause: " + root;
	}

}
