package dev.hotreload.samplejetty;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code GET /events}: server-sent events, a tick every 200 ms naming the generation that
 * sent it ({@code tick 3 from generation 1}). At a reload the old generation ends the
 * stream cleanly and the client reconnects, to the new one.
 */
@RestController
class EventsController implements DisposableBean {

	private static final long TICK_MILLIS = 200;

	private final int generation;

	// Created with the context and stopped with it, so that no thread outlives its generation.
	private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sample-events");
		thread.setDaemon(true);
		return thread;
	});

	EventsController(ObjectProvider<WorkerGeneration> generation) {
		this.generation = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1)).generation();
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events() {
		SseEmitter emitter = new SseEmitter(0L);
		AtomicLong tick = new AtomicLong();
		AtomicReference<ScheduledFuture<?>> schedule = new AtomicReference<>();
		Runnable stop = () -> {
			ScheduledFuture<?> future = schedule.get();
			if (future != null) {
				future.cancel(false);
			}
		};
		emitter.onCompletion(stop);
		emitter.onError((ex) -> stop.run());
		schedule.set(this.ticks.scheduleAtFixedRate(() -> {
			try {
				emitter.send(SseEmitter.event().data("tick " + tick.incrementAndGet() + " from generation " + this.generation));
			}
			catch (IOException | IllegalStateException ex) {
				stop.run();
			}
		}, 0, TICK_MILLIS, TimeUnit.MILLISECONDS));
		return emitter;
	}

	@Override
	public void destroy() {
		this.ticks.shutdownNow();
	}

}
