package dev.hotreload.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code GET /events}: server-sent events, a tick every second, {@code id:} the tick's
 * number and the data naming the generation that sent it ({@code tick 3 from generation
 * 1}). A reconnect with {@code Last-Event-ID} continues the count. At a reload the old
 * generation ends the stream and {@code EventSource} reconnects, to the new one; the first
 * event sets {@code retry:} to 1 s so that it does so quickly.
 */
@RestController
class EventsController {

	static final Duration TICK = Duration.ofSeconds(1);

	static final Duration RECONNECT = Duration.ofSeconds(1);

	private final int generation;

	// Created with the context, not on a request thread: its thread must not hold this
	// generation's web class loader once the context closes.
	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sample-events");
		thread.setDaemon(true);
		thread.setContextClassLoader(EventsController.class.getClassLoader());
		return thread;
	});

	EventsController(ObjectProvider<WorkerGeneration> generation) {
		this.generation = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)).generation();
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		SseEmitter emitter = new SseEmitter(0L);
		AtomicLong tick = new AtomicLong(lastTick(lastEventId));
		AtomicReference<ScheduledFuture<?>> schedule = new AtomicReference<>();
		Runnable stop = () -> {
			ScheduledFuture<?> future = schedule.get();
			if (future != null) {
				future.cancel(false);
			}
		};
		emitter.onCompletion(stop);
		emitter.onTimeout(stop);
		emitter.onError((ex) -> stop.run());
		schedule.set(this.ticks.scheduleAtFixedRate(() -> {
			long number = tick.incrementAndGet();
			SseEmitter.SseEventBuilder event = SseEmitter.event()
				.id(Long.toString(number))
				.data("tick " + number + " from generation " + this.generation);
			if (number == lastTick(lastEventId) + 1) {
				event.reconnectTime(RECONNECT.toMillis());
			}
			try {
				emitter.send(event);
			}
			catch (IOException | IllegalStateException ex) {
				stop.run();
			}
		}, 0, TICK.toMillis(), TimeUnit.MILLISECONDS));
		return emitter;
	}

	private static long lastTick(String lastEventId) {
		if (lastEventId == null) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(lastEventId.trim()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	@PreDestroy
	void stopTicking() {
		this.ticks.shutdownNow();
	}

}
