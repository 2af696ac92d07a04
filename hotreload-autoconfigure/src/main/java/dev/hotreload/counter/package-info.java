/**
 * Counters that never reset while the application runs, across generations and workers.
 */
package dev.hotreload.counter;
