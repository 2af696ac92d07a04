/**
 * The drain modes side by side: drain time, reconnects and failed requests per reload for
 * {@code hotreload.drain.mode=migrate} and {@code close} under the same keep-alive load.
 */
package dev.hotreload.benchmarks.drain;
