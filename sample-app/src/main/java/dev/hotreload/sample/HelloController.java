package dev.hotreload.sample;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * {@code GET /hello} answers with the configured greeting and the generation that served
 * the request, and its {@code X-Sample-Build} header the build of the code that did;
 * {@code ?delay=} makes it slow, to see requests that span a reload, and
 * {@code sample.hello.status=500} makes it fail, to see a rollback on 5xx responses.
 */
@RestController
class HelloController {

	static final long MAX_DELAY_MILLIS = 60_000;

	/** Names the build of the code that answered: {@link SampleBuild}. */
	static final String BUILD_HEADER = "X-Sample-Build";

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
	ResponseEntity<String> hello(@RequestParam(name = "delay", defaultValue = "0") String delay)
			throws InterruptedException {
		long millis;
		try {
			millis = Long.parseLong(delay);
		}
		catch (NumberFormatException ex) {
			millis = -1;
		}
		if (millis < 0 || millis > MAX_DELAY_MILLIS) {
			return ResponseEntity.badRequest()
				.body("delay must be a whole number of milliseconds from 0 to " + MAX_DELAY_MILLIS + ", got '" + delay
						+ "'\n");
		}
		Thread.sleep(millis);
		return ResponseEntity.status(this.status)
			.header(BUILD_HEADER, SampleBuild.name())
			.body(this.greeting + " from generation " + this.generation.generation() + "\n");
	}

}
