/**
 * Watching files and directories for changes that should reload the application.
 */
package dev.hotreload.watch;
