/**
 * When an old generation drains and how long to wait for it.
 */
package dev.hotreload.drain;
