package dev.hotreload.reload;

import java.time.Instant;

/**
 * How a generation's singleton work (scheduled tasks, message listeners) moved to the
 * generation that serves after a switch.
 *
 * @param from the generation that ran it
 * @param to the generation that runs it now
 * @param gapMillis how long no generation ran it: from the old generation's stop (which
 * waits for an execution under way to end) to the new generation's start
 * @param stoppedInTime whether the old generation's work ended within
 * {@code hotreload.singletons.stop-timeout}; if not, the new generation's started anyway
 * @param at when the new generation's work started
 */
public record SingletonHandOver(int from, int to, long gapMillis, boolean stoppedInTime, Instant at) {
}
