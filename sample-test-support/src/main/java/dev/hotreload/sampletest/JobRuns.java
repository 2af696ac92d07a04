package dev.hotreload.sampletest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs of a sample's scheduled job, as every sample records them: one JSON object per
 * run ({@code generation}, {@code pid}, {@code start}, {@code end}), a line each in the job
 * log ({@code sample.jobs.file}, which outlives generations and worker JVMs), or as a JSON
 * array ({@code GET /jobs} of sample-app). hotreload runs singleton work in one generation
 * at a time, which these checks see: no two runs of different generations overlap, and
 * each generation's runs come in one stretch, after the generation before's.
 */
public final class JobRuns {

	private static final JsonMapper json = JsonMapper.builder().build();

	private JobRuns() {
	}

	/**
	 * The runs in a JSON array, by start.
	 * @param jobs a JSON array of runs, in any order
	 * @return the runs, by start
	 */
	public static List<Run> fromJson(String jobs) {
		List<Run> runs = new ArrayList<>();
		json.readTree(jobs).forEach((run) -> runs.add(run(run)));
		return byStart(runs);
	}

	/**
	 * The runs in a job log, one JSON object a line, by start. A last line without its end
	 * is a run being recorded, and left out.
	 * @param log the job log; none yet means no run
	 * @return the runs, by start
	 */
	public static List<Run> fromFile(Path log) {
		List<String> lines;
		try {
			lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return byStart(lines.stream().filter((line) -> line.endsWith("}")).map((line) -> run(json.readTree(line))).toList());
	}

	/**
	 * Every pair of runs of different generations whose times overlap.
	 * @param runsByStart runs, by start
	 * @return each overlap, described
	 */
	public static List<String> overlaps(List<Run> runsByStart) {
		List<String> overlaps = new ArrayList<>();
		for (int i = 0; i < runsByStart.size(); i++) {
			Run run = runsByStart.get(i);
			for (int j = i + 1; j < runsByStart.size() && runsByStart.get(j).start().isBefore(run.end()); j++) {
				if (runsByStart.get(j).generation() != run.generation()) {
					overlaps.add(run + " overlaps " + runsByStart.get(j));
				}
			}
		}
		return overlaps;
	}

	/**
	 * The generation of each run.
	 * @param runsByStart runs, by start
	 * @return their generations, in the order they ran
	 */
	public static List<Integer> generationsInOrder(List<Run> runsByStart) {
		return runsByStart.stream().map(Run::generation).toList();
	}

	/**
	 * The generations that ran the job one after the other: one entry per uninterrupted
	 * stretch of runs, so a generation whose runs are all contiguous appears once.
	 * @param runsByStart runs, by start
	 * @return the generations, a stretch each
	 */
	public static List<Integer> stretches(List<Run> runsByStart) {
		List<Integer> stretches = new ArrayList<>();
		for (Run run : runsByStart) {
			if (stretches.isEmpty() || stretches.get(stretches.size() - 1) != run.generation()) {
				stretches.add(run.generation());
			}
		}
		return stretches;
	}

	/**
	 * Checks a process-mode supervisor's job log after its worker swaps: no two runs of
	 * different generations overlap, generations 1 to 5 ran the job in that order, each in
	 * one stretch and in one worker JVM of its own, and the supervisor logged the moves.
	 * Prints what it read.
	 * @param log the job log every worker of the supervisor appended to
	 * @param supervisorLog what the supervisor printed
	 * @param server the server's name, for the printed line
	 */
	public static void assertOneWorkerAtATimeAcrossSwaps(Path log, String supervisorLog, String server) {
		List<Run> runs = fromFile(log);
		Map<Integer, Set<Long>> pids = runs.stream()
			.collect(Collectors.groupingBy(Run::generation, Collectors.mapping(Run::pid, Collectors.toSet())));
		System.out.println(server + " process mode, job runs across the worker swaps: " + runs.size()
				+ " runs by generations " + stretches(runs) + " (pids " + pids + "), " + overlaps(runs).size()
				+ " overlaps; largest gap between the last run of a generation and the first of the next: "
				+ largestGapAtSwitches(runs).toMillis() + " ms");
		supervisorLog.lines().filter((line) -> line.contains("Singletons moved")).forEach(System.out::println);
		assertThat(overlaps(runs)).as("job runs of different generations that overlap").isEmpty();
		assertThat(stretches(runs)).as("generations in the order they ran the job").startsWith(1, 2, 3, 4, 5);
		List<Set<Long>> swapped = List.of(pids.get(1), pids.get(2), pids.get(3), pids.get(4), pids.get(5));
		assertThat(swapped).as("the pids of generations 1 to 5").allSatisfy((pid) -> assertThat(pid).hasSize(1));
		assertThat(swapped.stream().flatMap(Set::stream).distinct()).hasSize(5);
		assertThat(supervisorLog).contains("Singletons moved from generation 1 (worker process) to 2",
				"Singletons moved from generation 4 (worker process) to 5");
	}

	/**
	 * The longest time no run was under way at a switch: from the end of a generation's
	 * last run to the start of the next generation's first.
	 * @param runsByStart runs, by start
	 * @return the largest gap, zero without a switch
	 */
	public static Duration largestGapAtSwitches(List<Run> runsByStart) {
		Duration largest = Duration.ZERO;
		for (int i = 1; i < runsByStart.size(); i++) {
			Run before = runsByStart.get(i - 1);
			Run after = runsByStart.get(i);
			if (after.generation() != before.generation()) {
				Duration gap = Duration.between(before.end(), after.start());
				largest = (gap.compareTo(largest) > 0) ? gap : largest;
			}
		}
		return largest;
	}

	private static Run run(JsonNode run) {
		return new Run(run.get("generation").asInt(), run.path("pid").asLong(),
				Instant.parse(run.get("start").asText()), Instant.parse(run.get("end").asText()));
	}

	private static List<Run> byStart(List<Run> runs) {
		return runs.stream().sorted(Comparator.comparing(Run::start)).toList();
	}

	/**
	 * One run of the job.
	 * @param generation the generation that ran it
	 * @param pid the JVM it ran in
	 * @param start when it started
	 * @param end when it ended
	 */
	public record Run(int generation, long pid, Instant start, Instant end) {
	}

}
