/**
 * What a reload costs: cold start against reload time, errors under load, memory and threads after many reloads.
 */
package dev.hotreload.benchmarks.cost;
