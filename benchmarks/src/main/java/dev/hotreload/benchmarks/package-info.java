/**
 * The one command that runs every benchmark the README reports; each harness has a subpackage of its own.
 */
package dev.hotreload.benchmarks;
