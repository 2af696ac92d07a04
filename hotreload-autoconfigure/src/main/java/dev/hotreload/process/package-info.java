/**
 * Generations that are worker processes: a supervisor JVM holds the listening socket and
 * starts a worker JVM per generation from what is on disk; every worker accepts from the
 * one inherited socket.
 */
package dev.hotreload.process;
