/**
 * The harnesses' command lines: {@code --flag=value} arguments over defaults, and the error a bad one raises.
 */
package dev.hotreload.benchmarks.cli;
