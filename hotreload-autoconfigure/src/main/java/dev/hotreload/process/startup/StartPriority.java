package dev.hotreload.process.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The CPU priority a new worker starts at while another one serves. A starting JVM wants
 * every core for seconds; beside a busy serving worker it takes half of them on two cores.
 * Started under {@code nice -n N} it gets what the serving worker leaves, and it gets the
 * supervisor's priority back when it is switched to.
 *
 * <p>Linux keeps a priority per thread, so getting it back means setting it on every
 * thread under {@code /proc/PID/task}, and lowering a nice value needs
 * {@code CAP_SYS_NICE} or an {@code RLIMIT_NICE} that allows the supervisor's value
 * (systemd: {@code LimitNICE=+0}). Without either, or without {@code /proc} and
 * {@code nice}, workers start at the supervisor's priority: a worker that could not get
 * its priority back would serve at the low one.
 */
public final class StartPriority {

	private static final Log logger = LogFactory.getLog(StartPriority.class);

	private static final int PRIO_PROCESS = 0;

	/** {@code CAP_SYS_NICE}'s bit in {@code /proc/PID/status}' capability masks. */
	private static final int CAP_SYS_NICE = 23;

	private static final Path PROC = Path.of("/proc");

	private final int increment;

	private final int serving;

	private final @Nullable String nice;

	private final String reason;

	private StartPriority(int increment, int serving, @Nullable String nice, String reason) {
		this.increment = increment;
		this.serving = serving;
		this.nice = nice;
		this.reason = reason;
	}

	/**
	 * Workers start at the supervisor's priority.
	 * @return a priority that changes nothing
	 */
	public static StartPriority normal() {
		return new StartPriority(0, 0, null, "hotreload.process.start-nice=0");
	}

	/**
	 * What this JVM can do with the increment asked for.
	 * @param increment the nice increment asked for, 0 to 19
	 * @return the start priority, lowered only if it can be raised again
	 */
	public static StartPriority of(int increment) {
		if (increment < 0 || increment > 19) {
			throw new IllegalArgumentException(
					"hotreload.process.start-nice must be between 0 and 19, not " + increment);
		}
		if (increment == 0) {
			return normal();
		}
		try {
			String nice = Stream.of("/usr/bin/nice", "/bin/nice")
				.filter((path) -> Files.isExecutable(Path.of(path)))
				.findFirst()
				.orElse(null);
			if (nice == null || !Files.isDirectory(PROC.resolve("self/task"))) {
				return new StartPriority(0, 0, null, "no nice command or no /proc/self/task here");
			}
			int own = niceOf(PROC.resolve("self/stat"));
			String refused = raisingRefused(Files.readString(PROC.resolve("self/status")),
					Files.readString(PROC.resolve("self/limits")), own);
			if (refused != null) {
				return new StartPriority(0, own, null, refused);
			}
			return new StartPriority(Math.min(increment, 19 - own), own, nice, "");
		}
		catch (IOException | RuntimeException ex) {
			return new StartPriority(0, 0, null, "the priorities could not be read: " + ex);
		}
	}

	/**
	 * Why a worker could not get its priority back, if it could not.
	 * @param status this process's {@code /proc/self/status}
	 * @param limits this process's {@code /proc/self/limits}
	 * @param nice the nice value to get back to
	 * @return why not, or {@code null} if it can
	 */
	static @Nullable String raisingRefused(String status, String limits, int nice) {
		for (String line : status.split("\n")) {
			if (line.startsWith("CapEff:")
					&& new java.math.BigInteger(line.substring(7).strip(), 16).testBit(CAP_SYS_NICE)) {
				return null;
			}
		}
		for (String line : limits.split("\n")) {
			if (line.startsWith("Max nice priority")) {
				String soft = line.substring("Max nice priority".length()).strip().split("\\s+")[0];
				// RLIMIT_NICE r allows nice values down to 20 - r.
				if (soft.equals("unlimited") || 20 - Long.parseLong(soft) <= nice) {
					return null;
				}
				return "a worker could not get its priority back: it needs CAP_SYS_NICE or RLIMIT_NICE >= "
						+ (20 - nice) + " (systemd: LimitNICE=+" + nice + "), and RLIMIT_NICE is " + soft;
			}
		}
		return "a worker could not get its priority back: no CAP_SYS_NICE and no RLIMIT_NICE in /proc/self/limits";
	}

	/**
	 * Whether new workers start at a lower priority.
	 * @return whether they do
	 */
	public boolean isLowered() {
		return this.nice != null;
	}

	/**
	 * What goes before a new worker's command line.
	 * @return {@code nice -n N}, or nothing
	 */
	public List<String> prefix() {
		return (this.nice != null) ? List.of(this.nice, "-n", Integer.toString(this.increment)) : List.of();
	}

	/**
	 * Gives every thread of a worker the supervisor's priority again. Threads it starts
	 * later inherit it from the thread that starts them; one started while this runs may
	 * miss it, so it goes over the threads until none is left at another value.
	 * @param pid the worker's process
	 */
	public void restore(long pid) {
		if (this.nice == null) {
			return;
		}
		Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
		for (int pass = 0; pass < 3; pass++) {
			List<Integer> behind = new ArrayList<>();
			try (Stream<Path> threads = Files.list(tasks)) {
				for (Path thread : threads.toList()) {
					try {
						if (niceOf(thread.resolve("stat")) != this.serving) {
							behind.add(Integer.parseInt(thread.getFileName().toString()));
						}
					}
					catch (IOException ex) {
						// The thread ended.
					}
				}
			}
			catch (IOException ex) {
				return; // The worker ended.
			}
			if (behind.isEmpty()) {
				return;
			}
			for (int thread : behind) {
				try {
					LibC.INSTANCE.setpriority(PRIO_PROCESS, thread, this.serving);
				}
				catch (LastErrorException ex) {
					// ESRCH: the thread ended. EACCES/EPERM: checked at the start, so not expected.
					if (ex.getErrorCode() != 3) {
						logger.warn("Could not give thread " + thread + " of worker " + pid + " nice "
								+ this.serving + " again: " + ex.getMessage());
						return;
					}
				}
			}
		}
	}

	/**
	 * Says how workers start, for the supervisor's log.
	 * @return a sentence
	 */
	public String describe() {
		return (this.nice != null)
				? "a new worker starts at nice " + (this.serving + this.increment) + " beside a serving one and gets nice "
						+ this.serving + " when it is switched to"
				: "new workers start at the supervisor's priority (" + this.reason + ")";
	}

	/**
	 * The nice value in a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} file.
	 * @param stat the file
	 * @return its nice value
	 * @throws IOException if it cannot be read
	 */
	public static int niceOf(Path stat) throws IOException {
		String line = Files.readString(stat);
		// After "pid (comm) ": state is field 3, nice field 19.
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return Integer.parseInt(fields[16]);
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int setpriority(int which, int who, int priority) throws LastErrorException;

	}

}
