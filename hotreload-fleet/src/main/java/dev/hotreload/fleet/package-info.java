/**
 * Fleet rollouts: instances announce themselves on Spring Cloud Bus, and one of them
 * reloads the others one at a time.
 */
package dev.hotreload.fleet;
