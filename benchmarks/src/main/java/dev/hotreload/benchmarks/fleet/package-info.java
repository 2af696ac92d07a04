/**
 * A fleet rollout over Spring Cloud Bus against a script that reloads the instances one by one.
 */
package dev.hotreload.benchmarks.fleet;
