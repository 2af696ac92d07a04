package dev.hotreload.benchmarks.cost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.hotreload.benchmarks.load.LoadResult;
import dev.hotreload.benchmarks.load.LoadShape;
import dev.hotreload.benchmarks.report.Distribution;
import dev.hotreload.benchmarks.report.Environment;
import dev.hotreload.benchmarks.report.Table;

/**
 * Everything one run measured, printed as tables and written as CSV files.
 *
 * @param environment where and when it ran
 * @param coldStarts fresh JVM start times
 * @param reloads sequential reload timings
 * @param underLoad reloads under load and what the clients saw
 * @param meanDrain the mean drain of the sequential reloads' old generations
 * @param leakCheckpoints what the JVM held after growing numbers of reloads
 */
record BenchmarkReport(Environment environment, List<Duration> coldStarts, List<ReloadTiming> reloads,
		Duration meanDrain, ReloadsUnderLoad underLoad, List<LeakCheckpoint> leakCheckpoints) {

	/** The project's goal for a reload's cost relative to a cold start. */
	static final double TARGET_RATIO = 0.3;

	static final String COLD_START_CSV = "cold-start.csv";

	static final String RELOAD_COST_CSV = "reload-cost.csv";

	static final String LOAD_CSV = "load.csv";

	static final String LEAK_CSV = "leak.csv";

	static final String SUMMARY_CSV = "summary.csv";

	BenchmarkReport {
		coldStarts = List.copyOf(coldStarts);
		reloads = List.copyOf(reloads);
		leakCheckpoints = List.copyOf(leakCheckpoints);
	}

	Distribution coldStart() {
		return Distribution.of(this.coldStarts);
	}

	Distribution reloadPost() {
		return Distribution.of(this.reloads.stream().map(ReloadTiming::post).toList());
	}

	double reloadToColdStartRatio() {
		return reloadPost().median() / coldStart().median();
	}

	void print(PrintStream out) {
		reloadDistributions().print("Reload time (ms), measured by the client", out);
		loadTable().print("Load during " + this.underLoad.reloads().size() + " reloads", out);
		leakTable().print("After many reloads (old generations drained, full GC)", out);
		summary().print("Summary", out);
	}

	void writeCsv(Path directory) throws IOException {
		coldStartTable().writeCsv(directory.resolve(COLD_START_CSV));
		reloadTimingTable().writeCsv(directory.resolve(RELOAD_COST_CSV));
		loadTable().writeCsv(directory.resolve(LOAD_CSV));
		leakTable().writeCsv(directory.resolve(LEAK_CSV));
		summary().writeCsv(directory.resolve(SUMMARY_CSV));
	}

	private Table coldStartTable() {
		Table table = new Table("run", "millis");
		for (int i = 0; i < this.coldStarts.size(); i++) {
			table.row(i + 1, decimal(Distribution.millis(this.coldStarts.get(i))));
		}
		return table;
	}

	private Table reloadTimingTable() {
		Table table = new Table("phase", "reload", "generation", "post_millis", "visible_millis");
		addTimings(table, "sequential", this.reloads);
		addTimings(table, "under-load", this.underLoad.reloads());
		return table;
	}

	private static void addTimings(Table table, String phase, List<ReloadTiming> timings) {
		for (int i = 0; i < timings.size(); i++) {
			ReloadTiming timing = timings.get(i);
			table.row(phase, i + 1, timing.generation(), decimal(Distribution.millis(timing.post())),
					decimal(Distribution.millis(timing.visible())));
		}
	}

	private Table reloadDistributions() {
		Table table = new Table("measure", "count", "median", "p90", "min", "max");
		addDistribution(table, "cold start (fresh JVM to first 200)", coldStart());
		addDistribution(table, "reload: POST round trip (to the switch)", reloadPost());
		addDistribution(table, "reload: until a new connection sees it", timings(this.reloads, ReloadTiming::visible));
		addDistribution(table, "  of a reload: new context start (server)",
				timings(this.reloads, ReloadTiming::contextStart));
		addDistribution(table, "  of a reload: readiness and switch (server)",
				timings(this.reloads, ReloadTiming::readinessAndSwitch));
		addDistribution(table, "reload under load: POST round trip", timings(this.underLoad.reloads(), ReloadTiming::post));
		addDistribution(table, "reload under load: until a new connection sees it",
				timings(this.underLoad.reloads(), ReloadTiming::visible));
		return table;
	}

	private static Distribution timings(List<ReloadTiming> timings, Function<ReloadTiming, Duration> measure) {
		return Distribution.of(timings.stream().map(measure).toList());
	}

	private static void addDistribution(Table table, String name, Distribution distribution) {
		table.row(name, distribution.count(), whole(distribution.median()), whole(distribution.p90()),
				whole(distribution.min()), whole(distribution.max()));
	}

	private Table loadTable() {
		LoadShape shape = this.underLoad.shape();
		LoadResult load = this.underLoad.load();
		return new Table("keep_alive_clients", "new_connection_clients", "slow_clients", "slow_delay_millis",
				"reloads", "duration_seconds", "requests", "succeeded", "errors", "requests_per_second")
			.row(shape.keepAliveClients(), shape.newConnectionClients(), shape.slowClients(), shape.slowDelayMillis(),
					this.underLoad.reloads().size(), decimal(load.duration().toMillis() / 1000.0), load.requests(),
					load.succeeded(), load.errors(), decimal(load.requestsPerSecond()));
	}

	private Table leakTable() {
		Table table = new Table("reloads", "live_contexts", "java_threads", "os_threads", "heap_used_after_gc_mb",
				"metaspace_used_mb", "rss_mb");
		for (LeakCheckpoint checkpoint : this.leakCheckpoints) {
			JvmSnapshot snapshot = checkpoint.snapshot();
			table.row(checkpoint.reloads(), snapshot.liveContexts(), snapshot.javaThreads(), snapshot.osThreads(),
					decimal(JvmSnapshot.megabytes(snapshot.heapUsedBytes())),
					decimal(JvmSnapshot.megabytes(snapshot.metaspaceUsedBytes())),
					decimal(JvmSnapshot.megabytes(snapshot.rssBytes())));
		}
		return table;
	}

	Table summary() {
		Distribution coldStart = coldStart();
		Distribution post = reloadPost();
		LoadResult load = this.underLoad.load();
		LeakCheckpoint first = this.leakCheckpoints.get(0);
		LeakCheckpoint last = this.leakCheckpoints.get(this.leakCheckpoints.size() - 1);
		String span = " (" + first.reloads() + " -> " + last.reloads() + " reloads)";
		return new Table("metric", "value").row("date", this.environment.date())
			.row("java", this.environment.javaVersion())
			.row("available processors", this.environment.availableProcessors())
			.row("os", this.environment.os())
			.row("sample started with", this.environment.sampleLaunch())
			.row("cold start median (ms)", whole(coldStart.median()))
			.row("cold start min / max (ms)", whole(coldStart.min()) + " / " + whole(coldStart.max()))
			.row("reload median (ms) POST", whole(post.median()))
			.row("reload p90 (ms) POST", whole(post.p90()))
			.row("reload median (ms) until new generation serves",
					whole(timings(this.reloads, ReloadTiming::visible).median()))
			.row("reload breakdown (ms): context start / readiness and switch / drain (mean)",
					whole(timings(this.reloads, ReloadTiming::contextStart).median()) + " / "
							+ whole(timings(this.reloads, ReloadTiming::readinessAndSwitch).median()) + " / "
							+ whole(Distribution.millis(this.meanDrain)))
			.row("reload / cold start", String.format(Locale.ROOT, "%.2f (target <= %.2f: %s)",
					reloadToColdStartRatio(), TARGET_RATIO, (reloadToColdStartRatio() <= TARGET_RATIO) ? "met" : "missed"))
			.row("errors under load", load.errors() + " of " + load.requests() + " requests")
			.row("requests per second under load", whole(load.requestsPerSecond()))
			.row("reload median under load (ms) POST",
					whole(timings(this.underLoad.reloads(), ReloadTiming::post).median()))
			.row("live contexts" + span, first.snapshot().liveContexts() + " -> " + last.snapshot().liveContexts())
			.row("java threads" + span, first.snapshot().javaThreads() + " -> " + last.snapshot().javaThreads())
			.row("heap used after GC (MB)" + span, whole(JvmSnapshot.megabytes(first.snapshot().heapUsedBytes()))
					+ " -> " + whole(JvmSnapshot.megabytes(last.snapshot().heapUsedBytes())))
			.row("RSS (MB)" + span, whole(JvmSnapshot.megabytes(first.snapshot().rssBytes())) + " -> "
					+ whole(JvmSnapshot.megabytes(last.snapshot().rssBytes())));
	}

	private static String whole(double value) {
		return String.format(Locale.ROOT, "%.0f", value);
	}

	private static String decimal(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
