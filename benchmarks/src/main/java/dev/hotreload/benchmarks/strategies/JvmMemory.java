package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resident memory of one JVM, read from outside the way an operator reads it:
 * {@code VmRSS} in {@code /proc/<pid>/status}.
 *
 * @param role what the JVM does, such as {@code supervisor} or {@code worker}
 * @param pid its process id
 * @param rssKib its resident set size in KiB, -1 if it could not be read (the process is
 * gone, or this is not Linux)
 */
record JvmMemory(String role, long pid, long rssKib) {

	/**
	 * Reads a JVM's resident memory now.
	 * @param role what the JVM does
	 * @param pid its process id
	 * @return the reading
	 */
	static JvmMemory of(String role, long pid) {
		return new JvmMemory(role, pid, rssKib(pid));
	}

	/**
	 * {@code VmRSS} of a process.
	 * @param pid the process id
	 * @return KiB, -1 if it cannot be read
	 */
	static long rssKib(long pid) {
		try {
			return rssKib(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	// "VmRSS:	  219676 kB"
	static long rssKib(List<String> status) {
		for (String line : status) {
			if (line.startsWith("VmRSS:")) {
				String value = line.substring("VmRSS:".length()).strip();
				return Long.parseLong(value.substring(0, value.indexOf(' ')));
			}
		}
		return -1;
	}

	double rssMib() {
		return (this.rssKib >= 0) ? this.rssKib / 1024.0 : Double.NaN;
	}

	/**
	 * The readings of one strategy's run.
	 *
	 * @param started once the sample first served, before any load
	 * @param beforeReloads under load, after the warm-up and the baseline, before the first
	 * reload
	 * @param afterReloads under load, after the last reload's after-switch window
	 * @param maxAtSwitchKib the most that every JVM of the deployment held together right
	 * after a switch, while the old one still drained (process mode: the supervisor, the old
	 * and the new worker); -1 where it is not measured
	 */
	record Readings(List<JvmMemory> started, List<JvmMemory> beforeReloads, List<JvmMemory> afterReloads,
			long maxAtSwitchKib) {

		Readings {
			started = List.copyOf(started);
			beforeReloads = List.copyOf(beforeReloads);
			afterReloads = List.copyOf(afterReloads);
		}

	}

}
