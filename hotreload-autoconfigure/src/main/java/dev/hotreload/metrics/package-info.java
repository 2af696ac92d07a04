/**
 * Reload metrics that stay monotonic across generations.
 */
package dev.hotreload.metrics;
