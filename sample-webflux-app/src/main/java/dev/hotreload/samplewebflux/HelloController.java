package dev.hotreload.samplewebflux;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code GET /hello} answers with the configured greeting, the server and the generation
 * that served the request; {@code ?delay=} (milliseconds, at most 10 s) makes it slow
 * without holding a thread, to see requests that span a reload;
 * {@code sample.hello.status=500} makes it fail, to see a rollback on 5xx responses.
 */
@RestController
class HelloController {

	private static final long MAX_DELAY_MILLIS = 10_000;

	private final WorkerGeneration generation;

	private final String greeting;

	private final int status;

	// Without the starter (hotreload.enabled=false) there is one generation for the JVM's life.
	HelloController(ObjectProvider<WorkerGeneration> generation, @Value("${sample.greeting:Hello}") String greeting,
			@Value("${sample.hello.status:200}") int status) {
		this.generation = generation.getIfAvailable(() -> WorkerGeneration.startingNow(1));
		this.greeting = greeting;
		this.status = status;
	}

	@GetMapping("/hello")
	Mono<ResponseEntity<String>> hello(@RequestParam(name = "delay", defaultValue = "0") long delay) {
		if (delay < 0 || delay > MAX_DELAY_MILLIS) {
			return Mono.just(ResponseEntity.badRequest().body("delay must be from 0 to " + MAX_DELAY_MILLIS + " ms\n"));
		}
		ResponseEntity<String> hello = ResponseEntity.status(this.status)
			.body(this.greeting + " from Reactor Netty, generation " + this.generation.generation() + "\n");
		return (delay > 0) ? Mono.delay(Duration.ofMillis(delay)).thenReturn(hello) : Mono.just(hello);
	}

}
