/**
 * The signal trigger: SIGHUP reloads, as it does for gunicorn, nginx and Puma.
 */
package dev.hotreload.signal;
