package dev.hotreload.sampletest;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A process-mode sample's reloads as its supervisor reports them: which generation the
 * next reload starts, when a reload has ended, which worker JVM a generation ran in.
 */
public final class SupervisorReloads {

	private SupervisorReloads() {
	}

	/**
	 * The generation the next reload starts: numbers are never reused, a failed one's
	 * neither.
	 * @param supervisor the supervisor
	 * @return the generation
	 */
	public static int nextGeneration(SampleSupervisor supervisor) throws IOException {
		JsonNode status = supervisor.status();
		JsonNode last = status.path("lastReload");
		int current = status.get("currentGeneration").asInt();
		return Math.max(current, last.isObject() ? last.get("generation").asInt() : 0) + 1;
	}

	/**
	 * Waits until the reload that starts a generation has ended.
	 * @param supervisor the supervisor
	 * @param generation the generation
	 * @param bound how long the reload may take
	 * @return its result, as {@code lastReload} says; a later change of it (a rollback)
	 * may already show
	 */
	public static JsonNode awaitReload(SampleSupervisor supervisor, int generation, Duration bound) {
		return await().atMost(bound)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> supervisor.status().path("lastReload"),
					(last) -> last.isObject() && last.get("generation").asInt() == generation);
	}

	/**
	 * The pid of the worker started for a generation, from the supervisor's log: it is
	 * there after the worker has gone.
	 * @param supervisor the supervisor
	 * @param generation the generation
	 * @return the pid
	 */
	public static long workerPid(SampleSupervisor supervisor, int generation) {
		Matcher started = Pattern.compile("Started worker (\\d+) \\(generation " + generation + "\\)")
			.matcher(supervisor.log());
		if (!started.find()) {
			throw new AssertionError("No worker of generation " + generation + " started");
		}
		return Long.parseLong(started.group(1));
	}

}
