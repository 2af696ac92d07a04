package dev.hotreload.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.hotreload.drain.DrainMode;
import dev.hotreload.generation.GenerationState;
import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadOutcome;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.SingletonHandOver;
import dev.hotreload.reload.ReloadStatistics.Figures;
import dev.hotreload.reload.ReloadStatus.RollbackWindowStatus;
import dev.hotreload.reload.ReloadStatus.SupervisorStatus;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;

/**
 * What the supervisor tells every worker whenever it changes, so that the status and the
 * metrics a worker shows are the supervisor's: one current generation, every live worker,
 * the last reload and statistics that outlive every worker.
 *
 * @param supervisor the supervisor
 * @param currentGeneration the generation serving new connections
 * @param reloadRequested whether a reload waits to start
 * @param reloadInProgress whether a reload is running
 * @param workers the live workers, oldest first
 * @param lastReload the last reload that ended
 * @param figures the statistics
 * @param counters the {@link dev.hotreload.counter.DurableCounters durable counters}, by name
 * @param rollbackWindow the rollback window running now, {@code null} if none
 */
record SupervisorView(SupervisorStatus supervisor, int currentGeneration, boolean reloadRequested,
		boolean reloadInProgress, List<WorkerStatus> workers, @Nullable ReloadResult lastReload, Figures figures,
		Map<String, Long> counters, @Nullable RollbackWindowStatus rollbackWindow) {

	static final String TYPE = "STATE";

	private static final String COUNT = "reloads.";

	ControlMessage toMessage() {
		ControlMessage message = ControlMessage.of(TYPE)
			.with("supervisorPid", this.supervisor.pid())
			.with("supervisorStart", this.supervisor.startTime())
			.with("current", this.currentGeneration)
			.with("requested", this.reloadRequested)
			.with("inProgress", this.reloadInProgress)
			.with("workers", String.join(",", this.workers.stream().map(SupervisorView::encode).toList()));
		if (this.lastReload != null) {
			message.withAll(resultFields("last.", this.lastReload));
		}
		if (this.rollbackWindow != null) {
			message.with("window.generation", this.rollbackWindow.generation())
				.with("window.previous", this.rollbackWindow.previousGeneration())
				.with("window.until", this.rollbackWindow.until());
		}
		this.figures.counts().forEach((key, count) -> message.with(COUNT + key, count));
		message.withAll(CounterRelay.fields(this.counters));
		return message.with("reloadCount", this.figures.reloadCount())
			.with("reloadNanos", this.figures.reloadNanos())
			.with("drainCount", this.figures.drainCount())
			.with("drainNanos", this.figures.drainNanos())
			.with("forced", this.figures.forcedConnections())
			.with("migrated", this.figures.migratedConnections())
			.with("closed", this.figures.closedConnections())
			.withAll(drainFields("lastDrain.", this.figures.lastDrain()))
			.with("singletonGapCount", this.figures.singletonGapCount())
			.with("singletonGapNanos", this.figures.singletonGapNanos())
			.withAll(handOverFields(this.figures.lastSingletonHandOver()));
	}

	static Map<String, String> handOverFields(@Nullable SingletonHandOver handOver) {
		if (handOver == null) {
			return Map.of();
		}
		return ControlMessage.of("HANDOVER")
			.with("handOver.from", handOver.from())
			.with("handOver.to", handOver.to())
			.with("handOver.gapMillis", handOver.gapMillis())
			.with("handOver.stoppedInTime", handOver.stoppedInTime())
			.with("handOver.at", handOver.at())
			.fields();
	}

	static @Nullable SingletonHandOver handOver(ControlMessage message) {
		if (message.get("handOver.to") == null) {
			return null;
		}
		return new SingletonHandOver(message.requireInt("handOver.from"), message.requireInt("handOver.to"),
				Long.parseLong(message.require("handOver.gapMillis")),
				Boolean.parseBoolean(message.require("handOver.stoppedInTime")),
				Instant.parse(message.require("handOver.at")));
	}

	static SupervisorView fromMessage(ControlMessage message) {
		List<WorkerStatus> workers = new ArrayList<>();
		for (String worker : message.require("workers").split(",")) {
			if (!worker.isEmpty()) {
				workers.add(decodeWorker(worker));
			}
		}
		Map<String, Long> counts = new HashMap<>();
		message.fields().forEach((name, value) -> {
			if (name.startsWith(COUNT)) {
				counts.put(name.substring(COUNT.length()), Long.parseLong(value));
			}
		});
		Figures figures = new Figures(counts, longField(message, "reloadCount"),
				longField(message, "reloadNanos"), longField(message, "drainCount"), longField(message, "drainNanos"),
				longField(message, "forced"), longField(message, "migrated"), longField(message, "closed"),
				drain("lastDrain.", message), longField(message, "singletonGapCount"),
				longField(message, "singletonGapNanos"), handOver(message));
		return new SupervisorView(
				new SupervisorStatus(Long.parseLong(message.require("supervisorPid")),
						Instant.parse(message.require("supervisorStart"))),
				message.requireInt("current"), Boolean.parseBoolean(message.get("requested")),
				Boolean.parseBoolean(message.get("inProgress")), workers,
				(message.get("last.generation") != null) ? result("last.", message) : null, figures,
				CounterRelay.counts(message),
				(message.get("window.generation") != null) ? new RollbackWindowStatus(message.requireInt(
						"window.generation"), message.requireInt("window.previous"),
						Instant.parse(message.require("window.until"))) : null);
	}

	private static String encode(WorkerStatus worker) {
		return worker.generation() + ":" + worker.pid() + ":" + worker.state() + ":"
				+ worker.startTime().toEpochMilli();
	}

	private static WorkerStatus decodeWorker(String text) {
		String[] parts = text.split(":");
		Instant start = Instant.ofEpochMilli(Long.parseLong(parts[3]));
		long uptime = Math.max(0, Instant.now().getEpochSecond() - start.getEpochSecond());
		return new WorkerStatus(Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
				GenerationState.valueOf(parts[2]), start, uptime);
	}

	/**
	 * A drain's outcome as message fields.
	 * @param prefix put before every field's name
	 * @param outcome the outcome, {@code null} for none
	 * @return the fields, none for {@code null}
	 */
	static Map<String, String> drainFields(String prefix, @Nullable DrainOutcome outcome) {
		if (outcome == null) {
			return Map.of();
		}
		return Map.of(prefix + "generation", String.valueOf(outcome.generation()), prefix + "mode",
				outcome.mode().name(), prefix + "migrated", String.valueOf(outcome.migrated()), prefix + "closed",
				String.valueOf(outcome.closed()), prefix + "forced", String.valueOf(outcome.forced()));
	}

	/**
	 * A drain's outcome read from message fields.
	 * @param prefix put before every field's name
	 * @param message the message
	 * @return the outcome, {@code null} if the message has none
	 */
	static @Nullable DrainOutcome drain(String prefix, ControlMessage message) {
		if (message.get(prefix + "generation") == null) {
			return null;
		}
		return new DrainOutcome(message.requireInt(prefix + "generation"),
				DrainMode.valueOf(message.require(prefix + "mode")), message.requireInt(prefix + "migrated"),
				message.requireInt(prefix + "closed"), message.requireInt(prefix + "forced"));
	}

	private static long longField(ControlMessage message, String name) {
		String value = message.get(name);
		return (value != null) ? Long.parseLong(value) : 0;
	}

	/**
	 * A reload result as message fields.
	 * @param prefix put before every field's name
	 * @param result the result
	 * @return the fields
	 */
	static Map<String, String> resultFields(String prefix, ReloadResult result) {
		ControlMessage fields = ControlMessage.of("RESULT")
			.with(prefix + "generation", result.generation())
			.with(prefix + "kind", result.kind())
			.with(prefix + "trigger", result.trigger())
			.with(prefix + "outcome", result.outcome())
			.with(prefix + "startedAt", result.startedAt())
			.with(prefix + "durationMillis", result.durationMillis())
			.with(prefix + "startupMillis", result.startupMillis())
			.with(prefix + "error", result.error());
		return fields.fields();
	}

	/**
	 * A reload result read from message fields.
	 * @param prefix put before every field's name
	 * @param message the message
	 * @return the result
	 */
	static ReloadResult result(String prefix, ControlMessage message) {
		String startup = message.get(prefix + "startupMillis");
		return new ReloadResult(message.requireInt(prefix + "generation"),
				ReloadKind.valueOf(message.require(prefix + "kind")),
				ReloadTrigger.valueOf(message.require(prefix + "trigger")),
				ReloadOutcome.valueOf(message.require(prefix + "outcome")),
				Instant.parse(message.require(prefix + "startedAt")),
				Long.parseLong(message.require(prefix + "durationMillis")),
				(startup != null) ? Long.valueOf(startup) : null, message.get(prefix + "error"));
	}

}
