package dev.hotreload.benchmarks.strategies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a process has used so far, as the kernel counts it in {@code /proc/<pid>/stat}:
 * user plus system time of all its threads (utime + stime), not its children's.
 */
final class ProcessCpuTime {

	private static final long TICKS_PER_SECOND = ticksPerSecond();

	private ProcessCpuTime() {
	}

	/**
	 * Reads a live process's CPU time.
	 * @param pid the process
	 * @return its CPU time, to the kernel's clock tick
	 * @throws IOException if the process is gone or its stat cannot be read
	 */
	static Duration of(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
		// Field 2, the command name in parentheses, may hold spaces: count from after it. The
		// first field there is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return Duration.ofNanos(ticks * 1_000_000_000L / TICKS_PER_SECOND);
	}

	// The kernel's clock ticks (USER_HZ), 100 on every Linux seen, but asked rather than assumed.
	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
			if (getconf.waitFor() != 0) {
				throw new IllegalStateException("getconf CLK_TCK failed: " + answer);
			}
			return Long.parseLong(answer);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run getconf CLK_TCK", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking getconf CLK_TCK", ex);
		}
	}

}
