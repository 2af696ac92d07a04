/**
 * Auto-configuration of generation reload and its actuator endpoint.
 */
package dev.hotreload.autoconfigure;
