/**
 * Listening sockets that belong to the JVM, not to a generation.
 */
package dev.hotreload.listener;
