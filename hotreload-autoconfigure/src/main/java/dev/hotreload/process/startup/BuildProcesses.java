package dev.hotreload.process.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs an archive build runs, so that closing the supervisor ends them itself: an
 * interrupt of the build's thread ends them only if that thread runs before the
 * supervisor's JVM exits, which a busy machine does not promise (a JVM, most likely a
 * training run, once outlived its supervisor). A JVM started once they are closed is ended
 * at once.
 */
final class BuildProcesses {

	private static final long EXIT_WAIT_SECONDS = 10;

	private final List<Process> running = new ArrayList<>();

	private boolean closed;

	/**
	 * Follows a JVM the build started.
	 * @param process the JVM
	 * @return {@code false} if closed: the JVM was ended, the build is to stop
	 */
	boolean started(Process process) {
		synchronized (this) {
			if (!this.closed) {
				this.running.add(process);
				return true;
			}
		}
		end(process);
		return false;
	}

	/**
	 * Stops following a JVM that ended.
	 * @param process the JVM
	 */
	synchronized void ended(Process process) {
		this.running.remove(process);
	}

	/**
	 * Ends every JVM of the build and waits until each has exited; any started later is
	 * ended at once.
	 */
	void close() {
		List<Process> ending;
		synchronized (this) {
			this.closed = true;
			ending = List.copyOf(this.running);
			this.running.clear();
		}
		ending.forEach(BuildProcesses::end);
	}

	private static void end(Process process) {
		process.destroyForcibly();
		try {
			process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
