package dev.hotreload.process;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.reload.DrainOutcome;
import dev.hotreload.reload.ReloadKind;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.reload.SingletonHandOver;

/**
 * The supervisor's side of one worker's control connection: what the worker says (hello,
 * ready, a reload asked for on its endpoint, drains) and what it is answered.
 */
final class WorkerSession {

	private static final Log logger = LogFactory.getLog(WorkerSession.class);

	private static final int HELLO_ATTEMPTS = 100;

	private final Supervisor supervisor;

	private final ControlConnection connection;

	private volatile @Nullable WorkerProcess worker;

	WorkerSession(Supervisor supervisor, ControlConnection connection) {
		this.supervisor = supervisor;
		this.connection = connection;
	}

	void start() {
		this.connection.start("hotreload-supervisor-session", this::handle, () -> {
		});
	}

	private void handle(ControlMessage message) {
		switch (message.type()) {
			case "HELLO" -> hello(message);
			case "READY" -> {
				WorkerProcess ready = this.worker;
				if (ready != null) {
					logger.info(ready + " is ready after " + message.require("startupMillis") + " ms");
					ready.readyAfter(Long.parseLong(message.require("startupMillis")), WorkerWindow.unhealthy(message),
							WorkerWindow.settings(message));
				}
			}
			case "RELOAD" -> reload(message);
			case "CONTEXT_RESULT" -> this.supervisor.reloads().contextReloadEnded(SupervisorView.result("", message));
			case "DRAINED" -> {
				this.supervisor.queue().statistics().drained(Duration.ofMillis(Long.parseLong(message.require("millis"))));
				this.supervisor.publish();
			}
			case "DRAIN_ENDED" -> {
				DrainOutcome outcome = SupervisorView.drain("", message);
				if (outcome != null) {
					this.supervisor.queue().statistics().drainEnded(outcome);
				}
				this.supervisor.publish();
			}
			case "FORCED" -> {
				this.supervisor.queue().statistics().drainForced(message.requireInt("connections"));
				this.supervisor.publish();
			}
			case CounterRelay.TYPE -> {
				this.supervisor.counters().increment(CounterRelay.name(message));
				this.supervisor.publish();
			}
			case SingletonRelay.STOPPED -> ifKnown((worker) -> this.supervisor.singletons()
				.stopped(worker, Boolean.parseBoolean(message.require("inTime"))));
			case SingletonRelay.MOVED -> {
				SingletonHandOver handOver = SupervisorView.handOver(message);
				if (handOver != null) {
					this.supervisor.queue().statistics().singletonsHandedOver(handOver);
					this.supervisor.publish();
				}
			}
			case SingletonRelay.STARTED -> ifKnown((worker) -> this.supervisor.singletons()
				.started(worker, Boolean.parseBoolean(message.require("hasWork"))));
			case WorkerWindow.TROUBLE -> ifKnown(
					(worker) -> this.supervisor.rollbacks().trouble(worker, message.require("reason")));
			case WorkerWindow.RESUMED -> ifKnown((worker) -> this.supervisor.rollbacks().resumed(worker));
			default -> logger.warn("Unknown control message from a worker: " + message);
		}
	}

	private void ifKnown(Consumer<WorkerProcess> action) {
		WorkerProcess known = this.worker;
		if (known != null) {
			action.accept(known);
		}
	}

	private void hello(ControlMessage message) {
		WorkerProcess known = awaitKnown(message.requireInt("generation"), Long.parseLong(message.require("pid")));
		if (known == null) {
			logger.warn("A process that is not one of this supervisor's workers connected: " + message);
			this.connection.close();
			return;
		}
		this.worker = known;
		known.connected(this.connection);
		this.supervisor.publish();
	}

	/**
	 * The worker that said hello: the supervisor lists a worker just after starting it, and
	 * a quick worker may say hello first.
	 */
	private @Nullable WorkerProcess awaitKnown(int generation, long pid) {
		for (int attempt = 0; attempt < HELLO_ATTEMPTS; attempt++) {
			WorkerProcess known = this.supervisor.worker(generation, pid);
			if (known != null) {
				return known;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	private void reload(ControlMessage message) {
		String id = message.require("id");
		String kind = message.get("kind");
		this.supervisor.requestReload(new ReloadRequest((kind != null) ? ReloadKind.valueOf(kind) : null,
				ReloadTrigger.valueOf(message.require("trigger")), message.require("cause")))
			.thenAccept((result) -> this.connection
				.send(ControlMessage.of("RESULT").with("id", id).withAll(SupervisorView.resultFields("", result))));
	}

}
