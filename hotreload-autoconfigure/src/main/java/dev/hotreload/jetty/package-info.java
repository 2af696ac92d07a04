/**
 * Embedded Jetty 12 serving connections handed over by a shared listener (context mode).
 */
package dev.hotreload.jetty;
