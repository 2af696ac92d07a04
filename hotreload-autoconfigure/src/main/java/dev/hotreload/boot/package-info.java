/**
 * How generations hook into Spring Boot's start-up and into their context's lifecycle.
 */
package dev.hotreload.boot;
