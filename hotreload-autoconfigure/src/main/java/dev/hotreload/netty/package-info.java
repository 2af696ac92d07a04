/**
 * WebFlux on Reactor Netty serving connections handed over by a shared listener (context
 * mode): a server channel that never binds, connections that can leave one generation's
 * server still open for the next, the drain's view of them, and a generation's long-lived
 * WebFlux connections (WebSocket sessions, streaming responses).
 */
package dev.hotreload.netty;
