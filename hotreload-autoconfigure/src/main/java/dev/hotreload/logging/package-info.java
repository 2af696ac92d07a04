/**
 * Logging that survives the close of any one generation.
 */
package dev.hotreload.logging;
