package dev.hotreload.samplewebflux;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code GET /events}: server-sent events, a tick every 200 ms naming the generation that
 * sent it ({@code tick 3 from generation 1}). At a reload the old generation completes the
 * stream cleanly and the client reconnects, to the new one.
 */
@RestController
class EventsController {

	private static final Duration TICK = Duration.ofMillis(200);

	private final int generation;

	EventsController(ObjectProvider<WorkerGeneration> generation) {
		this.generation = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)).generation();
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> events() {
		// Not Flux.interval: it fails the stream when a slow client (or a busy machine) has
		// not asked for the next tick in time; each tick here waits for the client's demand.
		return Flux.range(1, Integer.MAX_VALUE)
			.delayUntil((tick) -> (tick == 1) ? Mono.empty() : Mono.delay(TICK))
			.map((tick) -> ServerSentEvent.builder("tick " + tick + " from generation " + this.generation).build());
	}

}
