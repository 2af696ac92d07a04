/**
 * A sample application on embedded Jetty that reloads itself with hotreload.
 */
package dev.hotreload.samplejetty;
