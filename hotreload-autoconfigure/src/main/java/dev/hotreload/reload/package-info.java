/**
 * A reloadable application: its generations, the switch between them and their retirement.
 */
package dev.hotreload.reload;
