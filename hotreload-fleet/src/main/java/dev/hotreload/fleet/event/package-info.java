/**
 * The events members of a fleet send each other on Spring Cloud Bus.
 */
package dev.hotreload.fleet.event;
