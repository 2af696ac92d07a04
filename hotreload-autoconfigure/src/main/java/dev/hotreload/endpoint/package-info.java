/**
 * The {@code reload} actuator endpoint.
 */
package dev.hotreload.endpoint;
