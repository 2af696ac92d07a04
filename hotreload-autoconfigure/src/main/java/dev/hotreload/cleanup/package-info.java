/**
 * What JVM-wide caches keep of a generation, forgotten once the generation has closed.
 */
package dev.hotreload.cleanup;
