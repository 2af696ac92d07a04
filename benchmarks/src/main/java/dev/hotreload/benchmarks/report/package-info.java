/**
 * What the harnesses print and write: tables and CSV files, PNG charts, duration statistics, where they ran.
 */
package dev.hotreload.benchmarks.report;
