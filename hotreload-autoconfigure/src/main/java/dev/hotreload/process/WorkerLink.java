package dev.hotreload.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ReloadableApplication;
import dev.hotreload.context.DrainReport;
import dev.hotreload.context.Generation;
import dev.hotreload.listener.SharedListener;
import dev.hotreload.logging.GenerationMdc;
import dev.hotreload.process.handover.WorkerHandOvers;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadQueue.Attempt;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.ReloadStatus.WorkerStatus;

/**
 * A worker's end of its control connection to the supervisor. A worker serves the socket
 * it inherited on its standard input once the supervisor says so, reloads its context
 * when asked, retires (drains, closes and exits 0) when a newer worker serves, and shuts
 * down when the supervisor is gone, even killed: a worker never outlives its supervisor.
 */
public final class WorkerLink {

	private static final Log logger = LogFactory.getLog(WorkerLink.class);

	private static final Duration RETIREMENT_HOLD_LIMIT = Duration.ofMinutes(10);

	private static volatile @Nullable WorkerLink current;

	private final int generation;

	private final ControlConnection connection;

	private final Map<String, CompletableFuture<ReloadResult>> pending = new ConcurrentHashMap<>();

	private final AtomicInteger ids = new AtomicInteger();

	private final CompletableFuture<ReloadableApplication> application = new CompletableFuture<>();

	private volatile @Nullable SupervisorView view;

	private volatile boolean retiring;

	private final WorkerWindow window;

	private WorkerLink(int generation, ControlConnection connection) {
		this.generation = generation;
		this.connection = connection;
		this.window = new WorkerWindow(connection, this.application);
	}

	/**
	 * Connects to the supervisor if this JVM was started as one of its workers. Once per
	 * JVM; later calls return the link made by the first.
	 * @return the link, or {@code null} if this JVM is no worker
	 * @throws IllegalStateException if this JVM is a worker but cannot reach its supervisor
	 */
	public static synchronized @Nullable WorkerLink connectIfWorker() {
		String socket = System.getenv(WorkerReloads.CONTROL_SOCKET);
		if (current != null || socket == null) {
			return current;
		}
		int generation = Integer.parseInt(System.getenv(WorkerReloads.GENERATION));
		try {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(UnixDomainSocketAddress.of(socket));
			WorkerLink link = new WorkerLink(generation, new ControlConnection(channel));
			link.connection.start("hotreload-worker-control", link::handle, link::supervisorGone);
			link.connection.send(ControlMessage.of("HELLO")
				.with("generation", generation)
				.with("pid", ProcessHandle.current().pid()));
			current = link;
			// Ctrl-C reaches the supervisor and its workers alike: the supervisor stops them in
			// order.
			Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
			return link;
		}
		catch (IOException ex) {
			throw new IllegalStateException("This JVM is a worker of supervisor " + System.getenv(
					WorkerReloads.SUPERVISOR_PID) + " but cannot reach it on " + socket, ex);
		}
	}

	/**
	 * Whether a supervisor started this JVM as a worker.
	 * @return {@code true} if it did
	 */
	public static boolean isWorkerJvm() {
		return System.getenv(WorkerReloads.CONTROL_SOCKET) != null;
	}

	/**
	 * What names this JVM's supervisor among the supervisors of its host and over time,
	 * the same in each of its workers: its pid and a short hash of its private directory.
	 * @return it, or {@code null} if this JVM is no worker
	 */
	public static @Nullable String supervisorInstance() {
		String socket = System.getenv(WorkerReloads.CONTROL_SOCKET);
		if (socket == null) {
			return null;
		}
		return System.getenv(WorkerReloads.SUPERVISOR_PID) + "-"
				+ String.format("%06x", socket.hashCode() & 0xffffff);
	}

	/**
	 * The link of this JVM, if it is a worker.
	 * @return the link, or {@code null}
	 */
	public static @Nullable WorkerLink current() {
		return current;
	}

	/**
	 * The generation this worker was started for.
	 * @return its number
	 */
	public int generation() {
		return this.generation;
	}

	/**
	 * Runs an application as this worker: it serves the inherited socket, and reloads,
	 * status and statistics are the supervisor's.
	 * @param app the application
	 * @throws IOException if the inherited socket cannot be used
	 */
	public void attach(ReloadableApplication app) throws IOException {
		Channel inherited = System.inheritedChannel();
		if (!(inherited instanceof ServerSocketChannel socket)) {
			throw new IllegalStateException("A worker needs the supervisor's listening socket on its standard input,"
					+ " but found " + inherited);
		}
		SharedListener listener = SharedListener.adopt("server", socket, StandardInputSocket::releaseInherited);
		app.worker().run(listener, new DrainReport(
				(drain) -> this.connection.send(ControlMessage.of("DRAINED").with("millis", drain.toMillis())),
				(connections) -> this.connection.send(ControlMessage.of("FORCED").with("connections", connections)),
				(outcome) -> this.connection
					.send(ControlMessage.of("DRAIN_ENDED").withAll(SupervisorView.drainFields("", outcome)))),
				new WorkerReloadService(this, app));
		// Idle keep-alive connections move between workers through the supervisor's directory.
		WorkerHandOvers.install(app.worker().connections(),
				Path.of(System.getenv(WorkerReloads.CONTROL_SOCKET)).getParent(), this::workers);
		// Counts that outlive this worker are the supervisor's.
		app.counters().reportTo((name) -> this.connection.send(CounterRelay.increment(name)));
		// Another worker may run the singleton work: the supervisor says when to start.
		app.singletons().holdFirstGeneration();
		app.singletons().reportTo((handOver) -> this.connection
			.send(ControlMessage.of(SingletonRelay.MOVED).withAll(SupervisorView.handOverFields(handOver))));
		this.application.complete(app);
	}

	/**
	 * Warms the first generation up, if asked to, then tells the supervisor that it is
	 * ready to serve.
	 * @param first the first generation, ready
	 * @param warmUpPath what warm-up requests ask for
	 * @param warmUpRequests how many to send, 0 for none
	 * @param warmUpConcurrency how many at once
	 */
	public void ready(Generation first, String warmUpPath, int warmUpRequests, int warmUpConcurrency) {
		WarmUp.run(first, warmUpPath, warmUpRequests, warmUpConcurrency);
		long startup = ManagementFactory.getRuntimeMXBean().getUptime();
		this.connection
			.send(ControlMessage.of("READY").with("startupMillis", startup).withAll(WorkerWindow.readyFields(first)));
	}

	CompletableFuture<ReloadResult> requestReload(ReloadRequest request) {
		String id = Integer.toString(this.ids.incrementAndGet());
		CompletableFuture<ReloadResult> result = new CompletableFuture<>();
		this.pending.put(id, result);
		if (!this.connection.send(ControlMessage.of("RELOAD")
			.with("id", id)
			.with("kind", request.kind())
			.with("trigger", request.trigger())
			.with("cause", request.cause() + " on worker " + ProcessHandle.current().pid()))) {
			this.pending.remove(id);
			result.completeExceptionally(new IllegalStateException("The supervisor is gone"));
		}
		return result;
	}

	@Nullable SupervisorView view() {
		return this.view;
	}

	private List<WorkerStatus> workers() {
		SupervisorView latest = this.view;
		return (latest != null) ? latest.workers() : List.of();
	}

	private void handle(ControlMessage message) {
		switch (message.type()) {
			case SupervisorView.TYPE -> {
				SupervisorView latest = SupervisorView.fromMessage(message);
				this.view = latest;
				this.application.thenAccept((app) -> {
					app.statistics().restore(latest.figures());
					app.counters().restore(latest.counters());
				});
			}
			case "SERVE" -> this.application.thenAccept((app) -> app.worker().serveFirst());
			case "RETIRE" -> retire(message.requireInt("current"));
			case SingletonRelay.START -> this.application.thenAccept((app) -> thread("hotreload-singletons-start",
					() -> this.connection.send(ControlMessage.of(SingletonRelay.STARTED)
						.with("hasWork", app.singletons().startHeld(app.generations())))));
			case "CONTEXT_RELOAD" -> reloadContext(new Attempt(message.requireInt("generation"), ReloadKind.CONTEXT,
					ReloadTrigger.valueOf(message.require("trigger")), Instant.parse(message.require("startedAt"))));
			case "RESULT" -> {
				CompletableFuture<ReloadResult> result = this.pending.remove(message.require("id"));
				if (result != null) {
					result.complete(SupervisorView.result("", message));
				}
			}
			default -> {
				if (!this.window.handle(message)) {
					logger.warn("Unknown control message from the supervisor: " + message);
				}
			}
		}
	}

	private void retire(int newerGeneration) {
		this.retiring = true;
		// Here, on the thread that reads the supervisor's messages, before anything else: the
		// answer to the reload that retired this worker is the next message, and once a client
		// has it, no new connection and no next request may reach this worker.
		ReloadableApplication attached = this.application.getNow(null);
		if (attached != null) {
			attached.worker().stopServing(newerGeneration);
		}
		Thread retirement = newThread("hotreload-retire", () -> {
			ReloadableApplication app = this.application.join();
			// What this worker started and must finish itself (a fleet rollout it coordinates)
			// holds its retirement; each holder bounds its hold, this is a backstop.
			app.worker().awaitRetirementHolds(RETIREMENT_HOLD_LIMIT);
			// Before draining, so that the newer worker's singleton work starts soon.
			boolean inTime = app.singletons().stopRunning();
			this.connection.send(ControlMessage.of(SingletonRelay.STOPPED).with("inTime", inTime));
			app.worker().retire(newerGeneration);
			logger.info("Retired: every generation of this worker drained and closed; exiting");
			System.exit(0);
		});
		// Not a daemon, as the control reader that starts it is: once the close stops the last
		// Tomcat thread, the JVM would end by itself, its shutdown hooks stopping logging, and
		// drop the rest of the retirement (DRAINED, the last lines).
		retirement.setDaemon(false);
		retirement.start();
	}

	private void reloadContext(Attempt attempt) {
		thread("hotreload-reload-" + attempt.generation(), () -> GenerationMdc.run(attempt.generation(), () -> {
			ReloadResult result = this.application.join().reload(attempt);
			this.connection.send(ControlMessage.of("CONTEXT_RESULT").withAll(SupervisorView.resultFields("", result)));
		}));
	}

	private void supervisorGone() {
		this.pending.values().forEach((result) -> result.completeExceptionally(
				new IllegalStateException("The supervisor went away before it answered")));
		if (!this.retiring) {
			logger.error("The supervisor (pid " + System.getenv(WorkerReloads.SUPERVISOR_PID)
					+ ") is gone; this worker shuts down");
			thread("hotreload-orphan-exit", () -> System.exit(1));
		}
	}

	static void thread(String name, Runnable task) {
		newThread(name, task).start();
	}

	private static Thread newThread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setContextClassLoader(WorkerLink.class.getClassLoader());
		return thread;
	}

}
