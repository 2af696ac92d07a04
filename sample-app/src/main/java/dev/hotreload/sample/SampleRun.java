package dev.hotreload.sample;

import java.nio.file.Path;

/**
 * The directory of one run of the sample, where its job log and inbox live by default:
 * {@code ${java.io.tmpdir}/hotreload-sample/run-<pid>}, named by the pid of the JVM the
 * run started in. Every generation of the run shares it: contexts in one JVM, and in
 * process mode every worker JVM of one supervisor (named by the supervisor's pid, which
 * hotreload gives its workers), so two runs on one machine never mix their records.
 */
final class SampleRun {

	/** Set by hotreload in each worker process it starts: the supervisor's pid. */
	private static final String SUPERVISOR_PID = "HOTRELOAD_SUPERVISOR_PID";

	private SampleRun() {
	}

	static Path directory() {
		return Path.of(System.getProperty("java.io.tmpdir"), "hotreload-sample", "run-" + pid());
	}

	/**
	 * The pid that names the run: the supervisor's in a worker process, else this JVM's.
	 * @return the pid
	 */
	static long pid() {
		String supervisor = System.getenv(SUPERVISOR_PID);
		if (supervisor != null && !supervisor.isBlank()) {
			try {
				return Long.parseLong(supervisor.trim());
			}
			catch (NumberFormatException ex) {
				// Not ours: this JVM's own pid then.
			}
		}
		return ProcessHandle.current().pid();
	}

}
