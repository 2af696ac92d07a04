package dev.hotreload.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hotreload.fleet.event.FleetEvent;

/**
 * The latest fleet events this JVM sent or received, by id, so that each is handled once:
 * during a switch two generations receive it, and what this JVM sent comes back to it (in
 * process mode the events of the instance's other worker come with the same origin, and
 * are handled).
 */
final class SeenEvents {

	private final Map<String, Boolean> ids = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > 1024;
		}
	});

	/**
	 * This JVM sends an event: it is not handled when it comes back.
	 * @param event the event
	 */
	void sent(FleetEvent event) {
		this.ids.put(event.getId(), Boolean.TRUE);
	}

	/**
	 * Records an event received.
	 * @param event the event
	 * @return whether it is seen for the first time
	 */
	boolean firstSeen(FleetEvent event) {
		return this.ids.putIfAbsent(event.getId(), Boolean.TRUE) == null;
	}

}
