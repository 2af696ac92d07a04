/**
 * What every kind of reload shares: the queue that coordinates and coalesces reloads, their
 * results, statistics and the status the endpoint shows.
 */
package dev.hotreload.reload;
