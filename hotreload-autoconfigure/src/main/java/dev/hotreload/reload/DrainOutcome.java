package dev.hotreload.reload;

import dev.hotreload.drain.DrainMode;

/**
 * How an old generation's connections left it when it drained.
 *
 * @param generation the generation that drained
 * @param mode how it drained
 * @param migrated connections handed, still open, to the serving generation
 * @param closed connections closed after a request ({@code Connection: close}) or by the
 * client during the drain
 * @param forced connections closed by force at the drain timeout
 */
public record DrainOutcome(int generation, DrainMode mode, int migrated, int closed, int forced) {
}
