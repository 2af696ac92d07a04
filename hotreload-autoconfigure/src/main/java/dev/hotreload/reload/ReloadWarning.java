package dev.hotreload.reload;

/**
 * Something a generation does that a reload does not suit, found when the generation
 * started: logged once, and shown in {@code GET /actuator/reload} while it lives.
 *
 * @param kind what was found
 * @param generation the generation it was found in
 * @param message what it means for a reload
 * @param action what to do about it
 */
public record ReloadWarning(Kind kind, int generation, String message, String action) {

	/**
	 * What a warning is about; docs/troubleshooting.md has a section for each.
	 */
	public enum Kind {

		/** A {@code DataSource} of an in-memory database (H2 {@code mem:}, HSQLDB {@code mem:}, Derby {@code memory:}). */
		IN_MEMORY_DATABASE,

		/** SQL initialization scripts ({@code spring.sql.init.mode=always}) that run again in every generation. */
		SQL_INIT_SCRIPTS,

		/** Spring Boot DevTools' restart, which closes the port while it restarts. */
		DEVTOOLS_RESTART

	}

}
