/**
 * How a worker JVM starts fast: the application jar's extracted layout with a class data
 * sharing archive of its dependency jars, built in the background from a training run.
 */
package dev.hotreload.process.startup;
