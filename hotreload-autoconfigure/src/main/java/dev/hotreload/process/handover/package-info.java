/**
 * Idle keep-alive connections that move, still open, from a retiring worker process to
 * the serving one: the descriptor crosses a Unix domain socket ({@code SCM_RIGHTS}) and
 * the receiving JVM adopts it as an accepted connection.
 */
package dev.hotreload.process.handover;
