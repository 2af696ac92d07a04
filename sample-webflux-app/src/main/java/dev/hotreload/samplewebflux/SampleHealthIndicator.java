package dev.hotreload.samplewebflux;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The sample's own health, {@code sample} in the health endpoint and in the readiness
 * group (see {@code application.properties}). Configuration can make a generation
 * unhealthy, to show what a reload does with one: {@code sample.health.down=true} is down
 * from the start (the reload is refused), {@code sample.health.down-after=2s} goes down
 * that long after the generation became ready (within {@code hotreload.rollback.window},
 * the reload is rolled back).
 * <p>
 * A plain {@link HealthIndicator} on WebFlux too: Spring Boot 4's health endpoint, which
 * hotreload's gate reads, and its reactive web extension both take blocking and reactive
 * contributors. This one only compares two instants, so it never blocks an event loop.
 */
@Component
public class SampleHealthIndicator implements HealthIndicator {

	private final boolean down;

	private final @Nullable Duration downAfter;

	private volatile @Nullable Instant readyAt;

	public SampleHealthIndicator(@Value("${sample.health.down:false}") boolean down,
			@Value("${sample.health.down-after:#{null}}") @Nullable Duration downAfter) {
		this.down = down;
		this.downAfter = downAfter;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		this.readyAt = Instant.now();
	}

	/**
	 * When this generation's health went or goes down.
	 * @return the instant, {@code null} if it is down from the start or never goes down
	 */
	public @Nullable Instant downSince() {
		Instant ready = this.readyAt;
		return (this.downAfter != null && ready != null) ? ready.plus(this.downAfter) : null;
	}

	@Override
	public Health health() {
		if (this.down) {
			return Health.down().withDetail("reason", "sample.health.down=true").build();
		}
		Instant since = downSince();
		if (since != null && !Instant.now().isBefore(since)) {
			return Health.down()
				.withDetail("reason", "sample.health.down-after=" + this.downAfter)
				.withDetail("downSince", since.toString())
				.build();
		}
		return Health.up().build();
	}

}
