package dev.hotreload.benchmarks.devloop;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hotreload.benchmarks.load.LoadGenerator.Outcome;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Table;

/**
 * The dev-loop comparison's tables, built from its runs: what it prints and writes as CSV.
 */
final class DevLoopTables {

	private DevLoopTables() {
	}

	static Table summary(List<DevLoopRun> runs) {
		Table table = new Table("setup", "changes", "median class file written to new code served (ms)", "max (ms)",
				"requests", "served (200)", "failed", "refused", "reset/no response", "non-200",
				"failed while a change was on its way", "JVM start to first 200 (ms)");
		for (DevLoopRun run : runs) {
			Map<Outcome, Long> outcomes = run.outcomes();
			Distribution times = run.writtenToServed();
			table.row(run.setup().label(), run.changes().size(), format("%.0f", times.median()),
					format("%.0f", times.max()), run.requests(), outcomes.get(Outcome.OK), run.errors(),
					outcomes.get(Outcome.REFUSED), outcomes.get(Outcome.NO_RESPONSE), outcomes.get(Outcome.STATUS),
					run.errorsInWindows(), format("%.0f", Distribution.millis(run.firstHello())));
		}
		return table;
	}

	static Table changes(List<DevLoopRun> runs) {
		Table table = new Table("setup", "change", "build", "written_seconds", "served_seconds",
				"written_to_served_millis", "requests", "served_200", "refused", "reset_no_response", "non_200",
				"detail");
		for (DevLoopRun run : runs) {
			for (CodeChange change : run.changes()) {
				long[] window = run.window(change);
				long requests = 0;
				for (long count : window) {
					requests += count;
				}
				table.row(run.setup().label(), change.number(), change.build(),
						format("%.3f", change.writtenSeconds()), format("%.3f", change.servedSeconds()),
						format("%.1f", Distribution.millis(change.writtenToServed())), requests,
						window[Outcome.OK.ordinal()], window[Outcome.REFUSED.ordinal()],
						window[Outcome.NO_RESPONSE.ordinal()], window[Outcome.STATUS.ordinal()], change.detail());
			}
		}
		return table;
	}

	static Table timeline(List<DevLoopRun> runs, long bucketMillis) {
		Table table = new Table("setup", "seconds", "requests", "served_200", "refused", "reset_no_response",
				"non_200", "class_files_written", "new_code_served");
		for (DevLoopRun run : runs) {
			long[][] buckets = run.recorder().buckets(bucketMillis, run.seconds());
			for (int i = 0; i < buckets.length; i++) {
				long[] bucket = buckets[i];
				long requests = 0;
				for (long count : bucket) {
					requests += count;
				}
				double from = i * bucketMillis / 1000.0;
				double to = (i + 1) * bucketMillis / 1000.0;
				long written = run.changes()
					.stream()
					.filter((change) -> change.writtenSeconds() >= from && change.writtenSeconds() < to)
					.count();
				long served = run.changes()
					.stream()
					.filter((change) -> change.servedSeconds() >= from && change.servedSeconds() < to)
					.count();
				table.row(run.setup().label(), format("%.1f", from), requests, bucket[Outcome.OK.ordinal()],
						bucket[Outcome.REFUSED.ordinal()], bucket[Outcome.NO_RESPONSE.ordinal()],
						bucket[Outcome.STATUS.ordinal()], written, served);
			}
		}
		return table;
	}

	private static String format(String pattern, double value) {
		return String.format(Locale.ROOT, pattern, value);
	}

}
