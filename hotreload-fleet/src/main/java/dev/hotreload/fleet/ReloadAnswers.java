package dev.hotreload.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.fleet.event.ReloadEnded;
import dev.hotreload.fleet.event.ReloadRequested;
import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadService;
import dev.hotreload.reload.ReloadTrigger;

/**
 * Reloads this instance when a rollout asks, through the same {@link ReloadService} its
 * own {@code POST /actuator/reload} uses, and tells the coordinator how it ended.
 */
final class ReloadAnswers {

	private static final Log logger = LogFactory.getLog(ReloadAnswers.class);

	private final String busId;

	private final ReloadService reloads;

	private final FleetBus bus;

	private final Executor sender;

	private final Set<CompletableFuture<Void>> unsent = ConcurrentHashMap.newKeySet();

	ReloadAnswers(String busId, ReloadService reloads, FleetBus bus, Executor sender) {
		this.busId = busId;
		this.reloads = reloads;
		this.bus = bus;
		this.sender = sender;
	}

	/**
	 * Reloads this instance for a coordinator, then sends it the outcome.
	 * @param requested the coordinator's request
	 */
	void answer(ReloadRequested requested) {
		String coordinator = requested.getOriginService();
		logger.info("Fleet rollout " + requested.getRolloutId() + " from " + coordinator + " reloads this instance");
		// Sent from the fleet's thread: in process mode the outcome arrives on the thread that
		// reads the supervisor's messages, which must not wait for the broker.
		CompletableFuture<Void> answered = reloadHere(requested.getRolloutId(), coordinator).handleAsync((result, failure) -> {
			ReloadEnded ended = ended(requested.getRolloutId(), coordinator, result, failure);
			try {
				this.bus.send(ended);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not tell " + coordinator + " how the reload for rollout "
						+ requested.getRolloutId() + " ended: " + ex);
			}
			return null;
		}, this.sender);
		this.unsent.add(answered);
		answered.whenComplete((result, failure) -> this.unsent.remove(answered));
	}

	/**
	 * The answers whose outcome is not sent yet: a retiring worker's retirement waits for
	 * them.
	 * @return each completes once its outcome was sent, or could not be
	 */
	List<CompletableFuture<Void>> unsent() {
		return new ArrayList<>(this.unsent);
	}

	CompletableFuture<ReloadResult> reloadHere(String rolloutId, String coordinator) {
		return this.reloads.requestReload(new ReloadRequest(null, ReloadTrigger.FLEET,
				"fleet rollout " + rolloutId + " from " + coordinator));
	}

	ReloadEnded ended(String rolloutId, String coordinator, @Nullable ReloadResult result,
			@Nullable Throwable failure) {
		long window = this.bus.rollbackWindowMillis();
		if (result == null) {
			return new ReloadEnded(this, this.busId, coordinator, rolloutId, this.reloads.currentGeneration(),
					"FAILURE", ReloadTrigger.FLEET.name(), 0, String.valueOf(failure), window);
		}
		return new ReloadEnded(this, this.busId, coordinator, rolloutId, result.generation(), result.outcome().name(),
				result.trigger().name(), result.durationMillis(), result.error(), window);
	}

}
