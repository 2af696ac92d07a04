package dev.hotreload.samplejetty;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /ws/jakarta-echo}: a Jakarta WebSocket endpoint, which Jetty's Jakarta container
 * (not Spring) creates for each session, answering each text message with
 * {@code jakarta: } and the message. At a reload the old generation closes it with 1001
 * (going away), as it does {@code /ws/echo}.
 */
@ServerEndpoint("/ws/jakarta-echo")
public class JakartaEchoEndpoint {

	@OnMessage
	public String echo(String text) {
		return "jakarta: " + text;
	}

}
