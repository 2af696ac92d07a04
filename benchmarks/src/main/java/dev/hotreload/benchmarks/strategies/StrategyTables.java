package dev.hotreload.benchmarks.strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.load.RequestRecorder;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleServer;

/**
 * The strategy comparison's tables, built from its runs: what it prints and writes as CSV.
 */
final class StrategyTables {

	private StrategyTables() {
	}

	static Table summary(List<StrategyRun> runs) {
		Table table = new Table("strategy", "reloads", "requests", "errors", "errors/reload",
				"median time to serve again (ms)", "max (ms)", "refused", "reset/no response", "non-200",
				"median until new version serves (ms)");
		for (StrategyRun run : runs) {
			Map<Outcome, Long> outcomes = run.outcomes();
			table.row(run.strategy().label(), run.reloads().size(), run.requests(), run.errors(),
					format("%.1f", run.errorsPerReload()), format("%.0f", run.serveAgain().median()),
					format("%.0f", run.serveAgain().max()), outcomes.get(Outcome.REFUSED),
					outcomes.get(Outcome.NO_RESPONSE), outcomes.get(Outcome.STATUS),
					format("%.0f", run.newVersion().median()));
		}
		return table;
	}

	/**
	 * Each strategy's errors per reload and median until the new version serves, one pair
	 * of columns per server, {@code -} where the strategy did not run on that server.
	 */
	static Table servers(List<Strategy> strategies, Map<SampleServer, List<StrategyRun>> runs) {
		List<String> header = new ArrayList<>(List.of("strategy"));
		runs.keySet().forEach((server) -> header.addAll(List.of(server.label() + " errors/reload",
				server.label() + " median until new version serves (ms)")));
		Table table = new Table(header.toArray(String[]::new));
		for (Strategy strategy : strategies) {
			List<String> row = new ArrayList<>(List.of(strategy.label()));
			runs.values().forEach((serverRuns) -> {
				StrategyRun run = serverRuns.stream().filter((each) -> each.strategy() == strategy).findFirst()
					.orElse(null);
				row.add((run != null) ? format("%.1f", run.errorsPerReload()) : "-");
				row.add((run != null) ? format("%.0f", run.newVersion().median()) : "-");
			});
			table.row(row.toArray());
		}
		return table;
	}

	static Table reloads(List<StrategyRun> runs) {
		Table table = new Table("strategy", "reload", "trigger_seconds", "serve_again_millis", "new_version_millis",
				"detail", "after_switch_p99_millis", "baseline_p99_millis");
		for (StrategyRun run : runs) {
			for (StrategyRun.Reload reload : run.reloads()) {
				table.row(run.strategy().label(), reload.number(), format("%.2f", reload.triggerSeconds()),
						format("%.1f", Distribution.millis(reload.serveAgain())),
						format("%.1f", Distribution.millis(reload.newVersion())), reload.detail(),
						format("%.2f", run.afterSwitchLatencyMillis(99, reload)),
						format("%.2f", run.baselineLatencyMillis(99)));
			}
		}
		return table;
	}

	static Table timeline(List<StrategyRun> runs) {
		Table table = new Table("strategy", "seconds", "requests", "errors", "refused", "reset_no_response",
				"non_200", "reloads_triggered");
		for (StrategyRun run : runs) {
			long[][] buckets = run.recorder().buckets(StrategyComparison.BUCKET_MILLIS, run.seconds());
			for (int i = 0; i < buckets.length; i++) {
				long[] bucket = buckets[i];
				long requests = 0;
				for (long count : bucket) {
					requests += count;
				}
				double from = i * StrategyComparison.BUCKET_MILLIS / 1000.0;
				double to = from + StrategyComparison.BUCKET_MILLIS / 1000.0;
				long triggered = run.reloads()
					.stream()
					.filter((reload) -> reload.triggerSeconds() >= from && reload.triggerSeconds() < to)
					.count();
				table.row(run.strategy().label(), format("%.1f", from), requests,
						requests - bucket[Outcome.OK.ordinal()], bucket[Outcome.REFUSED.ordinal()],
						bucket[Outcome.NO_RESPONSE.ordinal()], bucket[Outcome.STATUS.ordinal()], triggered);
			}
		}
		return table;
	}

	// Long format, only buckets where the instance answered: most pairs are empty.
	static Table generations(List<StrategyRun> runs) {
		Table table = new Table("strategy", "seconds", "generation", "label", "answered_200");
		for (StrategyRun run : runs) {
			StrategyRun.Instances instances = run.instances();
			run.recorder()
				.answeredByInstance(StrategyComparison.BUCKET_MILLIS, run.seconds(), instances.resolver())
				.forEach((instance, answered) -> {
					for (int i = 0; i < answered.length; i++) {
						if (answered[i] > 0) {
							table.row(run.strategy().label(), format("%.1f", i * StrategyComparison.BUCKET_MILLIS / 1000.0), instance,
									instances.label() + " " + instance, answered[i]);
						}
					}
				});
		}
		return table;
	}

	static Table afterSwitch(List<StrategyRun> runs, int afterSwitchSeconds) {
		String window = "0-" + afterSwitchSeconds + " s after";
		Table table = new Table("strategy", "errors/reload", "median until new version serves (ms)",
				"baseline p99 (ms)", "p99 trigger to switch (ms)", "p99 0-1 s after (ms)", "p99 " + window + " (ms)",
				window + " / baseline", "worst reload's p99 " + window + " (ms)", "baseline fast req/s",
				"fast req/s " + window);
		for (StrategyRun run : runs) {
			double baseline = run.baselineLatencyMillis(99);
			double after = run.afterSwitchLatencyMillis(99, 0, afterSwitchSeconds);
			double worst = run.reloads()
				.stream()
				.mapToDouble((reload) -> run.afterSwitchLatencyMillis(99, reload))
				.filter((p99) -> !Double.isNaN(p99))
				.max()
				.orElse(Double.NaN);
			table.row(run.strategy().label(), format("%.1f", run.errorsPerReload()),
					format("%.0f", run.newVersion().median()), millis(baseline),
					millis(run.duringReloadLatencyMillis(99)),
					millis(run.afterSwitchLatencyMillis(99, 0, StrategyComparison.FIRST_SECONDS_AFTER_SWITCH)), millis(after),
					Double.isNaN(after / baseline) ? "-" : format("%.1fx", after / baseline), millis(worst),
					format("%.0f", run.baselineFastPerSecond()), format("%.0f", run.afterSwitchFastPerSecond()));
		}
		return table;
	}

	// "-" where no request qualifies, as for a restart between its trigger and its switch.
	private static String millis(double millis) {
		return Double.isNaN(millis) ? "-" : format("%.2f", millis);
	}

	static Table memory(List<StrategyRun> runs, int reloads) {
		Table table = new Table("strategy", "JVM", "started, before load", "before the first reload",
				"after " + reloads + " reload" + ((reloads == 1) ? "" : "s"));
		for (StrategyRun run : runs) {
			JvmMemory.Readings memory = run.memory();
			List<String> roles = new ArrayList<>();
			for (List<JvmMemory> reading : List.of(memory.started(), memory.beforeReloads(), memory.afterReloads())) {
				reading.stream().map(JvmMemory::role).filter((role) -> !roles.contains(role)).forEach(roles::add);
			}
			for (String role : roles) {
				table.row(run.strategy().label(), role, memoryCell(memory.started(), role),
						memoryCell(memory.beforeReloads(), role), memoryCell(memory.afterReloads(), role));
			}
			if (roles.size() > 1) {
				table.row(run.strategy().label(), "all its JVMs", memoryCell(memory.started(), null),
						memoryCell(memory.beforeReloads(), null), memoryCell(memory.afterReloads(), null));
			}
			if (memory.maxAtSwitchKib() >= 0) {
				table.row(run.strategy().label(), "all its JVMs right after a switch, old worker draining (max)", "",
						"", format("%.0f", memory.maxAtSwitchKib() / 1024.0));
			}
		}
		return table;
	}

	// The MiB of the JVMs in a role (every JVM if null), with their pids.
	private static String memoryCell(List<JvmMemory> reading, String role) {
		List<JvmMemory> selected = reading.stream().filter((jvm) -> role == null || jvm.role().equals(role)).toList();
		if (selected.isEmpty()) {
			return "-";
		}
		if (selected.stream().anyMatch((jvm) -> jvm.rssKib() < 0)) {
			return "unreadable";
		}
		double mib = selected.stream().mapToDouble(JvmMemory::rssMib).sum();
		String pids = String.join("+", selected.stream().map((jvm) -> Long.toString(jvm.pid())).toList());
		return format("%.0f", mib) + ((role != null) ? " (" + pids + ")" : "");
	}

	static Table steadyTable(List<SteadyLoad> steady, StrategyRun hotreload) {
		Table table = new Table("measurement", "requests", "errors", "requests/s", "p50 (ms)", "p99 (ms)");
		for (SteadyLoad run : steady) {
			table.row("steady, starter " + (run.hotreload() ? "on" : "off (--hotreload.enabled=false)"),
					run.requests(), run.errors(), format("%.0f", run.requestsPerSecond()),
					format("%.2f", run.p50Millis()), format("%.2f", run.p99Millis()));
		}
		if (hotreload == null) {
			return table;
		}
		double[][] windows = hotreload.reloads()
			.stream()
			.map((reload) -> new double[] { reload.triggerSeconds(), reload.triggerSeconds()
					+ reload.newVersion().toNanos() / 1e9 + StrategyComparison.RELOAD_WINDOW_AFTER_SECONDS })
			.toArray(double[][]::new);
		RequestRecorder recorder = hotreload.recorder();
		table.row("hotreload run, during reloads (POST until 1 s after its answer)", "", "", "",
				format("%.2f", recorder.fastLatencyMillis(50, windows, false)),
				format("%.2f", recorder.fastLatencyMillis(99, windows, false)));
		table.row("hotreload run, outside those windows", "", "", "",
				format("%.2f", recorder.fastLatencyMillis(50, windows, true)),
				format("%.2f", recorder.fastLatencyMillis(99, windows, true)));
		return table;
	}

	private static String format(String pattern, double value) {
		return String.format(Locale.ROOT, pattern, value);
	}

}
