package dev.hotreload.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.process.startup.ClassDataSharing;
import dev.hotreload.process.startup.ClassDataSharingSettings;
import dev.hotreload.process.startup.StartPriority;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadQueue;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadSettings;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.signal.IgnoredSignal;

/**
 * Turns the JVM the user started into a {@link Supervisor}: binds (or inherits) the
 * listening socket, prepares how workers start, says in the log what it got, and starts the
 * first worker.
 */
public final class SupervisorLaunch {

	// Logged under the supervisor's name: they are its start-up lines (docs/process-mode.md shows them so).
	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private static final int SIGINT = 2;

	private SupervisorLaunch() {
	}

	/**
	 * Binds (or inherits) the listening socket and starts the first worker.
	 * @param address the address to listen on
	 * @param settings the supervisor's settings
	 * @param sharing how workers of a jar start: with a class data sharing archive or not
	 * @param priority the CPU priority a worker starts at beside a serving one
	 * @param args the application's arguments, passed to every worker
	 * @return the running supervisor, or {@code null} if the first worker failed to start
	 * @throws IOException if the socket or the control socket cannot be set up
	 */
	public static @Nullable Supervisor start(InetSocketAddress address, ReloadSettings settings,
			ClassDataSharingSettings sharing, StartPriority priority, String[] args) throws IOException {
		ClassPreloader.preload();
		StandardInputSocket socket = StandardInputSocket.open(address, settings.backlog(), settings.reusePort());
		Path directory = Files.createTempDirectory("hotreload-" + ProcessHandle.current().pid() + "-");
		WorkerCommand command = WorkerCommand.ofThisJvm(args);
		command.share(new ClassDataSharing(sharing, command.java(), command.jvmOptions(), List.of(args), directory));
		command.priority(priority);
		Supervisor supervisor = new Supervisor(settings, socket, command, directory);
		logger.info("Supervisor " + supervisor.pid() + " " + (socket.isInherited() ? "inherited" : "bound")
				+ " the listening socket " + socket.localAddress()
				+ (socket.isInherited() ? " " + socket.origin() : "") + "; workers run " + command.describe()
				+ "; " + priority.describe() + ". SIGHUP or POST /actuator/reload starts a new worker");
		if (IgnoredSignal.isIgnored(SIGINT)) {
			logger.warn("SIGINT is ignored in this process (a shell without job control starts background jobs so):"
					+ " Ctrl-C and kill -INT do not stop the supervisor; stop it with SIGTERM (kill "
					+ supervisor.pid() + ")");
		}
		return startFirstWorker(supervisor) ? supervisor : null;
	}

	private static boolean startFirstWorker(Supervisor supervisor) {
		ReloadResult first = supervisor.reloads()
			.startWorker(new ReloadQueue.Attempt(1, ReloadKind.PROCESS, ReloadTrigger.ENDPOINT, Instant.now()));
		if (!first.succeeded()) {
			logger.error("The first worker did not start: " + first.error());
			supervisor.shutdown();
			return false;
		}
		// Start-up left the heap full of garbage (configuration, class scanning) that the
		// supervisor will never need again: one full collection gives that memory back.
		System.gc();
		return true;
	}

}
