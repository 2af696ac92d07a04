package dev.hotreload.longlived;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Several servers' long-lived connections as one: with Tomcat and Jetty both on the class
 * path each has its own, and only the one whose server runs follows anything.
 */
record CombinedGoingAwayConnections(List<GoingAwayConnections> all) implements GoingAwayConnections {

	@Override
	public @Nullable Duration goingAwayDelay() {
		return this.all.get(0).goingAwayDelay();
	}

	@Override
	public void goAway() {
		this.all.forEach(GoingAwayConnections::goAway);
	}

	@Override
	public boolean hasGoneAway() {
		return this.all.stream().allMatch(GoingAwayConnections::hasGoneAway);
	}

	@Override
	public int openWebSocketSessions() {
		return this.all.stream().mapToInt(GoingAwayConnections::openWebSocketSessions).sum();
	}

}
