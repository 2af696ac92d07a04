package dev.hotreload.longlived;

import java.io.IOException;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells Jakarta WebSocket sessions to go away: 1001 with reason {@code server reloading},
 * so that their clients reconnect, to the serving generation. The same for every servlet
 * container; each server's package finds its sessions.
 */
public final class JakartaSessionsGoingAway {

	/** The close every session gets when its generation goes away. */
	public static final CloseReason GOING_AWAY = new CloseReason(CloseCodes.GOING_AWAY, "server reloading");

	private static final Log logger = LogFactory.getLog(JakartaSessionsGoingAway.class);

	private JakartaSessionsGoingAway() {
	}

	/**
	 * Closes each session with 1001; one that fails to close is logged and skipped.
	 * @param sessions the sessions
	 * @return how many were told to close
	 */
	public static int close(Iterable<Session> sessions) {
		int closed = 0;
		for (Session session : sessions) {
			try {
				session.close(GOING_AWAY);
				closed++;
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing WebSocket session " + session.getId() + " failed", ex);
			}
		}
		return closed;
	}

}
