/**
 * Work a generation does on its own, not in answer to a request (scheduled tasks, message
 * listener containers, lifecycles marked {@link SingletonLifecycle}): it runs in one
 * generation at a time and moves to the new one at the switch.
 */
package dev.hotreload.singleton;
