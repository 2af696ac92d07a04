package dev.hotreload.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.hotreload.fleet.event.FleetEvent;
import dev.hotreload.reload.ReloadService;

/**
 * The fleet's bus as this instance reaches it: through the {@link BusGateway gateways}
 * its live generations lend, the serving generation's first.
 */
final class FleetBus {

	private final ReloadService reloads;

	private final List<BusGateway> gateways = new CopyOnWriteArrayList<>();

	private final Consumer<FleetEvent> sending;

	/**
	 * Creates the bus.
	 * @param reloads what tells which generation serves
	 * @param sending told of each event before it is sent
	 */
	FleetBus(ReloadService reloads, Consumer<FleetEvent> sending) {
		this.reloads = reloads;
		this.sending = sending;
	}

	void add(BusGateway gateway) {
		this.gateways.add(gateway);
	}

	void remove(BusGateway gateway) {
		this.gateways.remove(gateway);
	}

	/**
	 * The gateway of the generation serving now, else the newest.
	 * @return the gateway, empty if no generation lent one
	 */
	Optional<BusGateway> current() {
		int current = this.reloads.currentGeneration();
		BusGateway newest = null;
		for (BusGateway gateway : this.gateways) {
			if (gateway.generation() == current) {
				return Optional.of(gateway);
			}
			newest = gateway;
		}
		return Optional.ofNullable(newest);
	}

	/**
	 * The health of the generation serving now.
	 * @return {@code UP}, or what is wrong
	 */
	String health() {
		return current().map((gateway) -> gateway.health().get()).orElse("UNKNOWN: no generation is ready");
	}

	/**
	 * The rollback window of the generation serving now.
	 * @return its length in milliseconds, 0 if none
	 */
	long rollbackWindowMillis() {
		return current().map((gateway) -> gateway.rollbackWindow().toMillis()).orElse(0L);
	}

	/**
	 * Sends an event through the newest generation whose bus takes it.
	 * @param event the event
	 * @throws IllegalStateException if no generation is ready, or the broker cannot be
	 * reached
	 */
	void send(FleetEvent event) {
		List<BusGateway> newestFirst = new ArrayList<>(this.gateways);
		Collections.reverse(newestFirst);
		current().ifPresent((current) -> {
			newestFirst.remove(current);
			newestFirst.add(0, current);
		});
		this.sending.accept(event);
		RuntimeException failure = null;
		for (BusGateway gateway : newestFirst) {
			try {
				gateway.bus().send(event);
				return;
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			throw new IllegalStateException("The fleet's bus did not take the event: " + rootCause(failure), failure);
		}
		throw new IllegalStateException("No generation of this instance is connected to the fleet's bus yet");
	}

	static String rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.toString();
	}

}
