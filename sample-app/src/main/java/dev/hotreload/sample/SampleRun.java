package dev.hotreload.sample;

import java.nio.file.Path;

/**
 * The directory of one run of the sample, where its job log and inbox live by default:
 * {@code ${java.io.tmpdir}/hotreload-sample/run-<pid>-<start>}, named by the pid of the
 * JVM the run started in and that JVM's start time (in epoch milliseconds). Every generation
 * of the run shares it: contexts in one JVM, and in process mode every worker JVM of one
 * supervisor (named by the supervisor's pid, which hotreload gives its workers), so two runs
 * on one machine never mix their records. The pid alone is not enough: Linux reuses pids
 * (32,768 of them by default, threads included), and a CI run that started thousands of
 * JVMs found an earlier run's records in its directory.
 */
final class SampleRun {

	/** Set by hotreload in each worker process it starts: the supervisor's pid. */
	private static final String SUPERVISOR_PID = "HOTRELOAD_SUPERVISOR_PID";

	private SampleRun() {
	}

	static Path directory() {
		return directoryOf(pid());
	}

	/**
	 * The directory of the run a JVM started.
	 * @param pid the JVM's pid, alive
	 * @return the directory
	 */
	static Path directoryOf(long pid) {
		String started = ProcessHandle.of(pid)
			.flatMap((process) -> process.info().startInstant())
			.map((instant) -> "-" + instant.toEpochMilli())
			.orElse("");
		return Path.of(System.getProperty("java.io.tmpdir"), "hotreload-sample", "run-" + pid + started);
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
