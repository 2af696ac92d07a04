/**
 * The development loop: from a class file written to the new code served, hotreload's development mode against
 * Spring Boot DevTools' restart, under the same load.
 */
package dev.hotreload.benchmarks.devloop;
