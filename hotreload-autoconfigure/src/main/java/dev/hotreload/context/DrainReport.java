package dev.hotreload.context;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.hotreload.reload.DrainOutcome;

/**
 * Where a generation's drains are reported: the application's statistics, or in a worker
 * process the supervisor, which keeps them for every worker.
 *
 * @param drained takes how long a drain took
 * @param forced takes how many connections a drain closed by force
 * @param ended takes how the drain's connections left (migrated, closed, forced)
 */
public record DrainReport(Consumer<Duration> drained, IntConsumer forced, Consumer<DrainOutcome> ended) {
}
