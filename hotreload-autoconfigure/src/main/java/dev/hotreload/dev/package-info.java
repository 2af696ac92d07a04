/**
 * Development mode: every generation runs the application's classes as they are on disk
 * now, on a class loader of its own over the application's class directories.
 */
package dev.hotreload.dev;
