/**
 * A sample WebFlux application on Reactor Netty that reloads itself with hotreload.
 */
package dev.hotreload.samplewebflux;
