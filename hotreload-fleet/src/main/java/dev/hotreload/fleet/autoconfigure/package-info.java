/**
 * Auto-configuration of fleet rollouts.
 */
package dev.hotreload.fleet.autoconfigure;
