package dev.hotreload.fleet;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.hotreload.endpoint.ReloadEndpointExtension;

/**
 * {@code fleet} in {@code GET /actuator/reload}, and {@code POST /actuator/reload/fleet}:
 * 202 with the rollout started, 409 naming the rollout that runs, or 503 with the cause
 * when the bus cannot be reached (nothing was reloaded).
 */
public class FleetEndpointExtension implements ReloadEndpointExtension {

	private final FleetNode node;

	public FleetEndpointExtension(FleetNode node) {
		this.node = node;
	}

	@Override
	public String name() {
		return "fleet";
	}

	@Override
	public @Nullable Object status() {
		return this.node.status();
	}

	@Override
	public WebEndpointResponse<?> post() {
		RolloutStart start = this.node.startRollout();
		return switch (start.result()) {
			case STARTED -> new WebEndpointResponse<>(start.rollout(), 202);
			case CONFLICT -> new WebEndpointResponse<>(Map.of("error", start.error(), "running", start.rollout()),
					409);
			case UNAVAILABLE -> new WebEndpointResponse<>(Map.of("error", start.error()),
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		};
	}

}
