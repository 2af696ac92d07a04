/**
 * HTTP/1.1 load on the sample from clients that never retry, and a record of every request it sent.
 */
package dev.hotreload.benchmarks.load;
