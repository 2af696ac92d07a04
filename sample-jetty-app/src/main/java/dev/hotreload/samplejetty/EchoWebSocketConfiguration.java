package dev.hotreload.samplejetty;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code /ws/echo}: a WebSocket that answers each text message with {@code gen N: } and
 * the message. At a reload the old generation closes it with 1001 (going away) and the
 * client reconnects, to the new one. {@code /ws/jakarta-echo} is the same through Jakarta
 * WebSocket ({@link JakartaEchoEndpoint}).
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
		registry.addHandler(new TextWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
				session.sendMessage(new TextMessage("gen " + EchoWebSocketConfiguration.this.generation + ": "
						+ message.getPayload()));
			}

		}, "/ws/echo");
	}

	/** Registers {@link JakartaEchoEndpoint} with the generation's Jakarta WebSocket container. */
	@Bean
	static ServerEndpointExporter jakartaEndpoints() {
		ServerEndpointExporter exporter = new ServerEndpointExporter();
		exporter.setAnnotatedEndpointClasses(JakartaEchoEndpoint.class);
		return exporter;
	}

}
