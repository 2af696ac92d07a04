/**
 * The shipped Grafana dashboard's panels drawn from a real Prometheus while the sample reloads under load.
 */
package dev.hotreload.benchmarks.dashboard;
