package dev.hotreload.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;

import dev.hotreload.generation.GenerationState;
import dev.hotreload.context.Generation;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadStatistics;
import dev.hotreload.reload.ReloadStatistics.DurationTotal;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.context.ReloadableApplication;

/**
 * Publishes reload metrics on a generation's meter registry. The values are read from the
 * {@link ReloadService}, which outlives every generation (in process mode, the supervisor,
 * which outlives every worker), so counters and timers keep counting from the start of the
 * application whichever generation is scraped.
 */
public class HotReloadMetrics implements MeterBinder, DisposableBean {

	private static final List<GenerationState> LIVE_STATES = List.of(GenerationState.STARTING,
			GenerationState.ACTIVE, GenerationState.DRAINING, GenerationState.STANDBY);

	private final ReloadService reloads;

	private final ReloadableApplication application;

	private final List<Runnable> subscriptions = new CopyOnWriteArrayList<>();

	/**
	 * Creates the metrics of one generation.
	 * @param reloads what every generation (of every worker, in process mode) shares
	 * @param application the generations of this JVM, whose in-flight requests are counted
	 */
	public HotReloadMetrics(ReloadService reloads, ReloadableApplication application) {
		this.reloads = reloads;
		this.application = application;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ReloadableApplication app = this.application;
		ReloadStatistics statistics = this.reloads.statistics();
		Gauge.builder("hotreload.generation", this.reloads, ReloadService::currentGeneration)
			.description("The generation serving new connections")
			.register(registry);
		for (GenerationState state : LIVE_STATES) {
			Gauge.builder("hotreload.generations", this.reloads, (r) -> r.status().liveIn(state))
				.description("Live generations by state")
				.tag("state", tagValue(state))
				.register(registry);
		}
		List<String> outcomes = new ArrayList<>();
		for (ReloadOutcome outcome : ReloadOutcome.values()) {
			outcomes.add(ReloadStatistics.tagValue(outcome));
		}
		outcomes.add(ReloadStatistics.COALESCED);
		for (String outcome : outcomes) {
			for (ReloadTrigger trigger : ReloadTrigger.values()) {
				FunctionCounter.builder("hotreload.reloads", statistics, (s) -> s.count(outcome, trigger))
					.description("Reloads by outcome and by what asked for them; coalesced counts requests that"
							+ " joined a waiting reload")
					.tags("outcome", outcome, "trigger", trigger.tagValue())
					.register(registry);
			}
		}
		timer(registry, "hotreload.reload.duration", "Successful reloads, from their start to the switch",
				statistics.reloadDurations());
		timer(registry, "hotreload.drain.duration", "Drains, from the switch to the old generation closed",
				statistics.drainDurations());
		timer(registry, "hotreload.singletons.gap",
				"Singleton work moved to a new generation: how long no generation ran it, from the old one's stop to"
						+ " the new one's start",
				statistics.singletonGaps());
		FunctionCounter.builder("hotreload.drain.forced", statistics, ReloadStatistics::forcedConnections)
			.description("Connections closed by force at a drain timeout")
			.register(registry);
		String connections = "Connections of old generations by how they left when it drained: migrated (handed,"
				+ " still open, to the serving generation), closed (after a request), forced (at the drain timeout)";
		FunctionCounter.builder("hotreload.drain.connections", statistics, ReloadStatistics::migratedConnections)
			.description(connections)
			.tag("outcome", "migrated")
			.register(registry);
		FunctionCounter.builder("hotreload.drain.connections", statistics, ReloadStatistics::closedConnections)
			.description(connections)
			.tag("outcome", "closed")
			.register(registry);
		FunctionCounter.builder("hotreload.drain.connections", statistics, ReloadStatistics::forcedConnections)
			.description(connections)
			.tag("outcome", "forced")
			.register(registry);
		MultiGauge inFlight = MultiGauge.builder("hotreload.inflight")
			.description("Requests in flight per live generation")
			.register(registry);
		this.subscriptions.add(app.onGenerationsChanged(() -> inFlight.register(app.generations()
			.stream()
			.map((generation) -> inFlightRow(app, generation.number()))
			.toList(), true)));
	}

	/**
	 * Stops following the generations: this generation's registry closes with it.
	 */
	@Override
	public void destroy() {
		this.subscriptions.forEach(Runnable::run);
		this.subscriptions.clear();
	}

	private static void timer(MeterRegistry registry, String name, String description, DurationTotal durations) {
		FunctionTimer.builder(name, durations, DurationTotal::count, DurationTotal::totalNanos, TimeUnit.NANOSECONDS)
			.description(description)
			.register(registry);
	}

	// By number, not by Generation: a row must not keep a closed generation's context alive.
	private static MultiGauge.Row<?> inFlightRow(ReloadableApplication application, int number) {
		return MultiGauge.Row.of(Tags.of("generation", Integer.toString(number)),
				() -> application.generations()
					.stream()
					.filter((generation) -> generation.number() == number)
					.mapToInt(Generation::inFlightRequests)
					.sum());
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
