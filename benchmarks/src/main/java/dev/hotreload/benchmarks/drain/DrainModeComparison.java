package dev.hotreload.benchmarks.drain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.hotreload.benchmarks.cli.UsageException;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;
import dev.hotreload.benchmarks.sample.SampleLaunchCommand;

/**
 * {@code hotreload.drain.mode=migrate} against {@code close} under the same load, in context
 * mode (generations in one JVM) and in process mode (worker JVMs, where a retiring worker
 * hands its connections to the serving one): keep-alive
 * clients that idle longer than the drain timeout between requests, and a few busy ones.
 * Per reload: how long the old generation took to close, how its connections left it, how
 * many connections the clients had to open again and how many of their requests failed.
 * Prints a table and writes {@code drain-modes.csv} (one row per reload mode and drain mode) and
 * {@code drain-modes-reloads.csv} (one per reload).
 */
public final class DrainModeComparison {

	static final List<String> MODES = List.of("migrate", "close");

	private final DrainModeOptions options;

	private final PrintStream out;

	DrainModeComparison(DrainModeOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(DrainModeOptions.USAGE);
			return;
		}
		DrainModeOptions options;
		try {
			options = DrainModeOptions.parse(args);
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(DrainModeOptions.USAGE);
			System.exit(2);
			return;
		}
		new DrainModeComparison(options, System.out).run();
	}

	/**
	 * Runs both drain modes in each reload mode, one after the other, prints the table and
	 * writes the CSV files.
	 * @return each run's reloads, by reload mode and drain mode ({@code "process migrate"})
	 */
	Map<String, List<DrainedReload>> run() throws IOException, InterruptedException {
		Path results = Files.createDirectories(this.options.resultsDir());
		Path logs = Files.createDirectories(results.resolve("logs"));
		Environment environment = Environment.current(SampleLaunchCommand.forThisJvm());
		this.out.printf("hotreload drain modes, %s, Java %s, %d processors, %s%n", environment.date(),
				environment.javaVersion(), environment.availableProcessors(), environment.os());
		this.out.printf("Load: %d keep-alive clients pausing %d ms between requests + %d without pause (raw HTTP/1.1,"
				+ " no staleness check, no retry); hotreload.drain-timeout=%d ms; %d reloads per run%n",
				this.options.idleClients(), this.options.idleMillis(), this.options.busyClients(),
				this.options.drainTimeoutMillis(), this.options.reloads());
		Map<String, List<DrainedReload>> runs = new LinkedHashMap<>();
		for (String reloadMode : this.options.reloadModes()) {
			for (String mode : MODES) {
				runs.put(reloadMode + " " + mode, new DrainModeRun(this.options, reloadMode, mode)
					.run(logs.resolve("drain-" + reloadMode + "-" + mode + ".log")));
			}
		}
		Table summary = summary(runs);
		summary.print("Per reload (median, max in parentheses where it differs):", this.out);
		summary.writeCsv(results.resolve("drain-modes.csv"));
		perReload(runs).writeCsv(results.resolve("drain-modes-reloads.csv"));
		return runs;
	}

	private static Table summary(Map<String, List<DrainedReload>> runs) {
		Table table = new Table("reload mode", "mode", "reloads", "drain ms", "migrated", "closed", "forced",
				"reconnects", "failed requests", "requests");
		runs.values().forEach((reloads) -> table.row(reloads.get(0).reloadMode(), reloads.get(0).mode(), reloads.size(),
				medianAndMax(reloads, DrainedReload::drainMillis), medianAndMax(reloads, DrainedReload::migrated),
				medianAndMax(reloads, DrainedReload::closed), medianAndMax(reloads, DrainedReload::forced),
				medianAndMax(reloads, DrainedReload::connectionsOpened), total(reloads, DrainedReload::failed),
				total(reloads, DrainedReload::succeeded) + total(reloads, DrainedReload::failed)));
		return table;
	}

	private static Table perReload(Map<String, List<DrainedReload>> runs) {
		Table table = new Table("reload_mode", "mode", "reload", "drain_ms", "migrated", "closed", "forced",
				"connections_opened", "failed", "succeeded");
		runs.values()
			.forEach((reloads) -> reloads.forEach((reload) -> table.row(reload.reloadMode(), reload.mode(), reload.number(),
					reload.drainMillis(), reload.migrated(), reload.closed(), reload.forced(),
					reload.connectionsOpened(), reload.failed(), reload.succeeded())));
		return table;
	}

	private static String medianAndMax(List<DrainedReload> reloads, ToLongFunction<DrainedReload> value) {
		long[] sorted = reloads.stream().mapToLong(value).sorted().toArray();
		// The upper median: counts stay whole numbers.
		long median = sorted[sorted.length / 2];
		long max = sorted[sorted.length - 1];
		return (median == max) ? String.valueOf(median) : median + " (" + max + ")";
	}

	private static long total(List<DrainedReload> reloads, ToLongFunction<DrainedReload> value) {
		return reloads.stream().mapToLong(value).sum();
	}

}
