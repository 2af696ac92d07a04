/**
 * Hotreload side by side with the usual ways to reload a Spring Boot web application, under the same load.
 */
package dev.hotreload.benchmarks.strategies;
