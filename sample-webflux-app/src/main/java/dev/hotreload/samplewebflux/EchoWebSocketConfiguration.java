package dev.hotreload.samplewebflux;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code /ws/echo}: a WebSocket that answers each text message with {@code gen N: } and
 * the message. At a reload the old generation closes it with 1001 (going away) and the
 * client reconnects, to the new one.
 */
@Configuration(proxyBeanMethods = false)
class EchoWebSocketConfiguration {

	@Bean
	HandlerMapping echoWebSocketMapping(ObjectProvider<WorkerGeneration> generation) {
		int number = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)).generation();
		WebSocketHandler echo = (session) -> session
			.send(session.receive().map((message) -> session.textMessage("gen " + number + ": " + message.getPayloadAsText())));
		return new SimpleUrlHandlerMapping(Map.of("/ws/echo", echo), Ordered.HIGHEST_PRECEDENCE);
	}

}
