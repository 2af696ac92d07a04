/**
 * Generations and the coordination of reloads between them, free of Spring and Tomcat.
 */
package dev.hotreload.generation;
