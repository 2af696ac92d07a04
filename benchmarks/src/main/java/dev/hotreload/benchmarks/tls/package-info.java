/**
 * What a TLS client pays at a reload: a keep-alive connection that moves with its session
 * against a reconnect with a new handshake.
 */
package dev.hotreload.benchmarks.tls;
