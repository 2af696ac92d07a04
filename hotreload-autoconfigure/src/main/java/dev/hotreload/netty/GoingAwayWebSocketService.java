package dev.hotreload.netty;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@code WebSocketHandlerAdapter}'s WebSocket service whose sessions the generation's
 * {@link ReactiveLongLivedConnections} follow, so that they can be closed with 1001 when
 * the generation drains.
 */
final class GoingAwayWebSocketService implements WebSocketService {

	private final WebSocketService service;

	private final Supplier<ReactiveLongLivedConnections> connections;

	GoingAwayWebSocketService(WebSocketService service, Supplier<ReactiveLongLivedConnections> connections) {
		this.service = service;
		this.connections = connections;
	}

	@Override
	public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
		return this.service.handleRequest(exchange, this.connections.get().follow(handler));
	}

}
