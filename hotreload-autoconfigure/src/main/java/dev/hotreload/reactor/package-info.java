/**
 * Reactor Netty's JVM-wide resources, shared by the generations instead of disposed by each.
 */
package dev.hotreload.reactor;
