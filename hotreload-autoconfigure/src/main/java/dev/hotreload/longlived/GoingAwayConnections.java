package dev.hotreload.longlived;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A generation's long-lived connections as its drain sees them, whatever the server: told
 * to go away as the generation's {@link GoingAwayPolicy} says, so that their clients
 * reconnect to the serving generation instead of being cut at the drain timeout.
 */
public interface GoingAwayConnections {

	/**
	 * How long after the drain started the long-lived connections go away.
	 * @return the delay, {@code null} for never
	 */
	@Nullable Duration goingAwayDelay();

	/**
	 * Ends every open long-lived connection, and from now on each that starts. Calling it
	 * again ends those opened since.
	 */
	void goAway();

	boolean hasGoneAway();

	/**
	 * The WebSocket sessions open now, which a later {@link #goAway()} closes.
	 * @return how many
	 */
	int openWebSocketSessions();

	/**
	 * The long-lived connections of every server a generation has customizers for, as one.
	 * @param all each server's, all with the generation's policy
	 * @return them as one, or {@code null} if there are none
	 */
	static @Nullable GoingAwayConnections of(List<GoingAwayConnections> all) {
		return switch (all.size()) {
			case 0 -> null;
			case 1 -> all.get(0);
			default -> new CombinedGoingAwayConnections(List.copyOf(all));
		};
	}

}
