package dev.hotreload.signal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * A signal the process inherited as ignored ({@code nohup} ignores SIGHUP; a shell without
 * job control starts background jobs with SIGINT and SIGQUIT ignored): the JVM then leaves
 * it ignored and installs no Java handler for it, without an error.
 */
public final class IgnoredSignal {

	private IgnoredSignal() {
	}

	/**
	 * Whether this process ignores a signal, from the {@code SigIgn} mask of
	 * {@code /proc/self/status}.
	 * @param number the signal's number
	 * @return whether it is ignored; {@code false} where there is no such file (not Linux)
	 */
	public static boolean isIgnored(int number) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("SigIgn:")) {
					return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(number - 1);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not Linux: nothing known.
		}
		return false;
	}

	/**
	 * Sets a signal's disposition back to the default, so that the JVM installs the next
	 * Java handler for it.
	 * @param number the signal's number
	 * @return whether it was reset; {@code false} where the C library cannot be called
	 */
	static boolean restoreDefault(int number) {
		try {
			if (Platform.isWindows()) {
				return false;
			}
			Pointer previous = LibC.INSTANCE.signal(number, null);
			return previous == null || Pointer.nativeValue(previous) != -1L;
		}
		catch (LinkageError ex) {
			// No JNA on the class path (it comes with the starter, not with this module).
			return false;
		}
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		/** {@code signal(2)}: a null handler is {@code SIG_DFL}; returns {@code SIG_ERR} (-1) on error. */
		Pointer signal(int number, Pointer handler);

	}

}
