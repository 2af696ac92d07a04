package dev.hotreload.netty;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.hotreload.longlived.GoingAwayConnections;
import dev.hotreload.longlived.GoingAwayPolicy;

/**
 * One generation's long-lived WebFlux connections: its streaming responses (server-sent
 * events, {@code application/x-ndjson} and every other body WebFlux writes and flushes
 * element by element) and its WebSocket sessions, ended when the generation drains as its
 * {@link GoingAwayPolicy} says, so that their clients reconnect to the serving generation
 * instead of being cut at the drain timeout.
 *
 * <p>A streaming response is completed: its publisher is cancelled and the response ends
 * cleanly, with its last chunk, after the events already sent. A WebSocket session is
 * closed with {@link CloseStatus#GOING_AWAY} (1001) and reason {@value #REASON}. Once
 * gone away, a stream that starts here ends at once, and a session that opens is closed.
 * Sessions are seen through the WebSocket service of each {@code WebSocketHandlerAdapter}
 * ({@link GoingAwayWebSocketService}). A response that is merely slow (a long poll, a
 * {@code Mono} that has not emitted yet) is not a stream and finishes as any other request.
 * Nothing here depends on the server: only the connections it serves are Reactor Netty's.
 */
public final class ReactiveLongLivedConnections implements GoingAwayConnections, WebFilter, Ordered {

	static final String REASON = "server reloading";

	private static final Log logger = LogFactory.getLog(ReactiveLongLivedConnections.class);

	private final int generation;

	private final GoingAwayPolicy policy;

	private final Sinks.One<Boolean> goneAway = Sinks.one();

	private final AtomicInteger openStreams = new AtomicInteger();

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private final Set<WebSocketSession> toldToGoAway = ConcurrentHashMap.newKeySet();

	private volatile boolean hasGoneAway;

	/**
	 * @param generation the generation's number, for the log
	 * @param policy when its long-lived connections go away
	 */
	public ReactiveLongLivedConnections(int generation, GoingAwayPolicy policy) {
		this.generation = generation;
		this.policy = policy;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange.mutate().response(new GoingAwayResponse(exchange.getResponse())).build());
	}

	/**
	 * First, so that every response of the generation is seen.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * A handler whose sessions this generation follows.
	 * @param handler the application's handler
	 * @return the handler, following its sessions
	 */
	WebSocketHandler follow(WebSocketHandler handler) {
		return new FollowedHandler(handler);
	}

	@Override
	public @Nullable Duration goingAwayDelay() {
		return this.policy.delay();
	}

	/**
	 * The streaming responses not completed yet.
	 * @return how many
	 */
	public int openStreams() {
		return this.openStreams.get();
	}

	@Override
	public void goAway() {
		boolean first = !this.hasGoneAway;
		this.hasGoneAway = true;
		this.goneAway.tryEmitValue(Boolean.TRUE);
		int streams = first ? this.openStreams.get() : 0;
		int closed = 0;
		for (WebSocketSession session : List.copyOf(this.sessions)) {
			if (goAway(session)) {
				closed++;
			}
		}
		if (streams + closed > 0) {
			logger.info("Generation " + this.generation + " going away: closed " + closed
					+ " WebSocket session(s) with 1001 and completed " + streams + " streaming response(s)");
		}
	}

	private boolean goAway(WebSocketSession session) {
		if (!session.isOpen() || !this.toldToGoAway.add(session)) {
			return false;
		}
		session.close(CloseStatus.GOING_AWAY.withReason(REASON))
			.subscribe(null, (ex) -> logger.debug("Closing a WebSocket session with 1001 failed", ex));
		return true;
	}

	@Override
	public boolean hasGoneAway() {
		return this.hasGoneAway;
	}

	/**
	 * The sessions open and not yet told to go away.
	 */
	@Override
	public int openWebSocketSessions() {
		return (int) this.sessions.stream()
			.filter((session) -> session.isOpen() && !this.toldToGoAway.contains(session))
			.count();
	}

	private void forget(WebSocketSession session) {
		this.sessions.remove(session);
		this.toldToGoAway.remove(session);
	}

	/**
	 * A response whose streamed body ends when the generation goes away.
	 */
	private final class GoingAwayResponse extends ServerHttpResponseDecorator {

		GoingAwayResponse(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			AtomicInteger open = ReactiveLongLivedConnections.this.openStreams;
			Flux<? extends Publisher<? extends DataBuffer>> untilGoneAway = Flux.from(body)
				.takeUntilOther(ReactiveLongLivedConnections.this.goneAway.asMono());
			return Mono.defer(() -> {
				open.incrementAndGet();
				return super.writeAndFlushWith(untilGoneAway).doFinally((signal) -> open.decrementAndGet());
			});
		}

	}

	/**
	 * The application's handler, with its sessions followed from the moment they open until
	 * they close.
	 */
	private final class FollowedHandler implements WebSocketHandler {

		private final WebSocketHandler handler;

		FollowedHandler(WebSocketHandler handler) {
			this.handler = handler;
		}

		@Override
		public List<String> getSubProtocols() {
			return this.handler.getSubProtocols();
		}

		@Override
		public Mono<Void> handle(WebSocketSession session) {
			ReactiveLongLivedConnections connections = ReactiveLongLivedConnections.this;
			connections.sessions.add(session);
			session.closeStatus().doFinally((signal) -> connections.forget(session)).subscribe();
			if (connections.hasGoneAway) {
				connections.goAway(session);
			}
			return this.handler.handle(session).doFinally((signal) -> connections.forget(session));
		}

	}

}
