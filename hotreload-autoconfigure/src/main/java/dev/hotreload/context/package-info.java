/**
 * Generations that are application contexts in this JVM: the shared listeners, the switch
 * between generations and their retirement.
 */
package dev.hotreload.context;
