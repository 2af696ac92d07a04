package dev.hotreload.process.startup;

import java.nio.file.Path;

/**
 * Whether workers start from the extracted layout with a class data sharing archive, and
 * where the archives are kept.
 *
 * @param enabled whether they do
 * @param directory where the dependency jars and their archive are kept, one directory
 * per set of dependencies
 * @param keep how many sets the directory keeps, the most recently used, besides those a
 * running supervisor uses
 */
public record ClassDataSharingSettings(boolean enabled, Path directory, int keep) {

	/** Sets kept by default: the current one, the one before (a rollback) and one more. */
	public static final int DEFAULT_KEEP = 3;

	public ClassDataSharingSettings {
		if (directory == null) {
			throw new IllegalArgumentException("directory must not be null");
		}
		if (keep < 1) {
			throw new IllegalArgumentException("hotreload.process.class-data-sharing.keep must be at least 1, not " + keep);
		}
	}

	/**
	 * Workers start from the jar itself.
	 * @return settings that switch class data sharing off
	 */
	public static ClassDataSharingSettings off() {
		return new ClassDataSharingSettings(false, defaultDirectory(), DEFAULT_KEEP);
	}

	/**
	 * The default place: shared by every supervisor on the machine that runs the same
	 * dependencies with the same java, so an archive is built once, and outliving each of
	 * them, so a restarted supervisor's first worker starts fast too.
	 * @return {@code hotreload-cds} in the temporary directory
	 */
	public static Path defaultDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"), "hotreload-cds");
	}

}
