/**
 * What users trip over when an application reloads, detected as each generation starts:
 * an in-memory database, SQL scripts that run again, DevTools' restart.
 */
package dev.hotreload.warning;
