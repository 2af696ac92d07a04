package dev.hotreload.process;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The sockets systemd passes a service it activates from a {@code .socket} unit, as
 * {@code sd_listen_fds(3)} reads them: {@code LISTEN_FDS} descriptors from 3 on, meant
 * for the process whose pid is {@code LISTEN_PID}, named by {@code LISTEN_FDNAMES}. A
 * supervisor serves one socket, which every worker inherits on its standard input.
 *
 * @param count how many descriptors were passed
 * @param names their names, colon-separated in {@code LISTEN_FDNAMES}; empty if unnamed
 */
record SystemdListenFds(int count, List<String> names) {

	/** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
	static final int FIRST_DESCRIPTOR = 3;

	/** What systemd sets; a worker must not see it (its pid is not {@code LISTEN_PID}). */
	static final List<String> VARIABLES = List.of("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES");

	/**
	 * What systemd passed this process, if anything.
	 * @param environment the process's environment
	 * @param pid the process's pid
	 * @return the passed sockets, or {@code null} if none were passed to this process
	 * ({@code LISTEN_PID} unset or another process's, or {@code LISTEN_FDS} unset or 0)
	 * @throws IOException if the variables are for this process but make no sense
	 */
	static @Nullable SystemdListenFds of(Map<String, String> environment, long pid) throws IOException {
		String listenPid = environment.get("LISTEN_PID");
		String listenFds = environment.get("LISTEN_FDS");
		if (listenPid == null || listenFds == null || !listenPid.trim().equals(Long.toString(pid))) {
			return null;
		}
		int count;
		try {
			count = Integer.parseInt(listenFds.trim());
		}
		catch (NumberFormatException ex) {
			throw new IOException("LISTEN_FDS is '" + listenFds + "', not a number of sockets passed by systemd");
		}
		if (count < 0) {
			throw new IOException("LISTEN_FDS is " + count + ": systemd passes 0 or more sockets");
		}
		if (count == 0) {
			return null;
		}
		String names = environment.get("LISTEN_FDNAMES");
		return new SystemdListenFds(count, (names == null || names.isEmpty()) ? List.of() : List.of(names.split(":")));
	}

	/**
	 * The one passed descriptor a supervisor serves.
	 * @return its number, 3
	 * @throws IOException if more than one socket was passed
	 */
	int single() throws IOException {
		if (this.count > 1) {
			throw new IOException("systemd passed " + this.count + " sockets (LISTEN_FDS=" + this.count
					+ (this.names.isEmpty() ? "" : ", LISTEN_FDNAMES=" + String.join(":", this.names))
					+ "), but a hotreload supervisor serves exactly one, which every worker inherits: give the"
					+ " service's .socket unit a single ListenStream= (or use StandardInput=socket)");
		}
		return FIRST_DESCRIPTOR;
	}

	/**
	 * How the log names the socket.
	 * @return a description, such as {@code from systemd (LISTEN_FDS, descriptor 3, named web)}
	 */
	String describe() {
		return "from systemd (LISTEN_FDS, descriptor " + FIRST_DESCRIPTOR
				+ (this.names.isEmpty() ? "" : ", named " + this.names.get(0)) + ")";
	}

}
