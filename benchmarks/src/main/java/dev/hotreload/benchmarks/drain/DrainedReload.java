package dev.hotreload.benchmarks.drain;

/**
 * One reload of a drain-mode run.
 *
 * @param reloadMode {@code hotreload.mode}: {@code context} or {@code process}
 * @param mode the drain mode
 * @param number the reload's number in its run, from 1
 * @param drainMillis from the switch to the old generation closed, as the application
 * timed it
 * @param migrated connections the old generation handed, still open, to the new one
 * @param closed connections it closed after a request or that their clients closed
 * @param forced connections it closed at the drain timeout
 * @param connectionsOpened connections the clients opened from the POST until two of the
 * idle clients' pauses after the drain (time to find a connection gone and open another):
 * each one a reconnect
 * @param failed requests that failed meanwhile
 * @param succeeded requests answered meanwhile
 */
record DrainedReload(String reloadMode, String mode, int number, long drainMillis, int migrated, int closed, int forced,
		long connectionsOpened, long failed, long succeeded) {
}
