package dev.hotreload.sample;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code /ws/echo}: a WebSocket that echoes each text message, prefixed with the
 * generation that answered ({@code gen 2: hi}). At a reload the old generation closes it
 * with 1001 (going away), and a client that reconnects is served by the new one.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class EchoWebSocketConfiguration implements WebSocketConfigurer {

	private final int generation;

	EchoWebSocketConfiguration(ObjectProvider<WorkerGeneration> generation) {
		this.generation = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)).generation();
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new EchoHandler(this.generation), "/ws/echo");
	}

	private static final class EchoHandler extends TextWebSocketHandler {

		private final int generation;

		EchoHandler(int generation) {
			this.generation = generation;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			session.sendMessage(new TextMessage("gen " + this.generation + ": " + message.getPayload()));
		}

	}

}
