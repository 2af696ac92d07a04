package dev.hotreload.sampletest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Test load that yields the cores: a load client's thread, or a load tool's process, runs
 * at nice {@value #NICE}, so that the reload under test, and the test running in the other
 * fork, get the CPU first. A client blocked on its answer is not slowed: only how soon it
 * sends its next request when the cores are busy. Linux; elsewhere the load runs at the
 * test's priority.
 */
public final class LoadPriority {

	public static final int NICE = 10;

	private static final int PRIO_PROCESS = 0;

	private LoadPriority() {
	}

	/**
	 * Lowers the priority of the calling thread (Linux keeps one per thread).
	 */
	public static void lowerThisThread() {
		try {
			String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
			int thread = Integer.parseInt(self.substring(self.lastIndexOf('/') + 1));
			LibC.INSTANCE.setpriority(PRIO_PROCESS, thread, NICE);
		}
		catch (Exception | UnsatisfiedLinkError ex) {
			// No /proc/thread-self or no libc: the load runs at the test's priority.
		}
	}

	/**
	 * A load tool's command line, run under {@code nice} where there is one.
	 * @param command the tool's command line
	 * @return the command line to start
	 */
	public static List<String> command(List<String> command) {
		List<String> line = new ArrayList<>();
		if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
			line.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(NICE)));
		}
		line.addAll(command);
		return line;
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int setpriority(int which, int who, int priority);

	}

}
