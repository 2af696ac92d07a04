/**
 * MBean names of two live generations side by side: each generation's names carry its
 * number.
 */
package dev.hotreload.jmx;
