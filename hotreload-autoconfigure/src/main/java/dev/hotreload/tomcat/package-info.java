/**
 * Embedded Tomcat serving connections handed over by a shared listener.
 */
package dev.hotreload.tomcat;
