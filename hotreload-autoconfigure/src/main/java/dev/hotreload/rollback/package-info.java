/**
 * Rollback to the warm previous generation: the health check before a switch, and the
 * window after it in which a new generation that goes down or answers too many 5xx hands
 * traffic back to the previous one, kept open until then.
 */
package dev.hotreload.rollback;
