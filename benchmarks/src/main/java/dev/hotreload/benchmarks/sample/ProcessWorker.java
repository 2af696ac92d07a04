package dev.hotreload.benchmarks.sample;

/**
 * One worker JVM of process mode, as {@code GET /actuator/reload} lists it.
 *
 * @param generation the generation it was started for
 * @param pid its process id
 * @param state {@code STARTING}, {@code ACTIVE}, {@code DRAINING}, ...
 */
public record ProcessWorker(int generation, long pid, String state) {

}
