/**
 * The sample application in a JVM of its own: how to start and stop it, and the harness's requests to it.
 */
package dev.hotreload.benchmarks.sample;
