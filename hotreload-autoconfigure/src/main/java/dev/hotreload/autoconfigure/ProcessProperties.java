package dev.hotreload.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.hotreload.process.startup.ClassDataSharingSettings;

/**
 * How process mode starts its worker JVMs ({@code hotreload.process.*}). Read by the
 * supervisor when it starts.
 *
 * @param classDataSharing starting workers of an executable jar from its extracted
 * layout with a class data sharing archive of the dependency jars
 * @param startNice how much lower (a nice increment, 0 to 19) the CPU priority of a new
 * worker is while it starts beside a serving one; it gets the supervisor's priority when it
 * is switched to, or half {@code hotreload.reload-timeout} after its start if it is
 * not ready by then. 0 starts it at the supervisor's priority. Linux only, and only where a
 * worker may get its priority back (CAP_SYS_NICE, or RLIMIT_NICE: systemd's
 * {@code LimitNICE=+0}); elsewhere workers start at the supervisor's priority and the
 * supervisor's first log line says why
 */
public record ProcessProperties(@DefaultValue ClassDataSharing classDataSharing,
		@DefaultValue("10") int startNice) {

	/**
	 * Class data sharing for workers started from a Spring Boot executable jar
	 * ({@code java -jar app.jar}). Each new jar is extracted once, by the supervisor, in
	 * the layout of {@code java -Djarmode=tools -jar app.jar extract}, and its workers
	 * run with the dependency jars first and the application's own jar last. The archive of the
	 * dependency jars is built in the background, at the lowest CPU priority, from a
	 * training run once a worker serves; it stays valid for every release with the same
	 * dependencies and is built again when they change or a worker's JVM rejects it.
	 * Until it exists, and whenever it cannot be used, workers start without it.
	 *
	 * @param enabled whether workers of an executable jar start this way; on by default
	 * (measured: a worker with the archive needs about half the CPU time of one started
	 * with {@code -jar}). Workers started from a class path are unaffected
	 * @param directory where the dependency jars and their archive are kept, one
	 * directory per set of dependencies, java and JVM options (about 100 MB each for the
	 * sample); {@code hotreload-cds} in the temporary directory unless set, shared by the
	 * supervisors of the machine so that an archive is built once and survives restarts
	 * @param keep how many sets of dependencies the directory keeps, the most recently
	 * used: once a worker serves, its supervisor deletes older sets that no running
	 * supervisor uses (each holds a shared file lock on the sets it uses)
	 * @param buildOnly whether the JVM started with {@code hotreload.mode=process} only
	 * builds the archive for its jar, in the foreground at its own CPU priority, and exits
	 * (0 once the archive exists, at once if it did already) without binding a port or
	 * starting a worker: for the step that installs a new jar or builds an image, so that
	 * the first worker starts with the archive
	 */
	public record ClassDataSharing(@DefaultValue("true") boolean enabled, @Nullable Path directory,
			@DefaultValue("3") int keep, @DefaultValue("false") boolean buildOnly) {

		public ClassDataSharingSettings toSettings() {
			return new ClassDataSharingSettings(this.enabled,
					(this.directory != null) ? this.directory : ClassDataSharingSettings.defaultDirectory(), this.keep);
		}

	}

}
