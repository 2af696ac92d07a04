package dev.hotreload.boot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.generation.WorkerGeneration;

/**
 * A web application whose later generations take {@code test.startup-delay} ms to start,
 * to catch a reload while it runs, and whose {@code /generation?delay=} answers slowly, to
 * catch a drain.
 */
@SpringBootApplication
public class SlowStartApplication {

	public static void main(String[] args) {
		SpringApplication.run(SlowStartApplication.class, args);
	}

	@Bean
	ApplicationRunner slowStart(WorkerGeneration generation, @Value("${test.startup-delay:0}") long delay) {
		return (args) -> {
			if (generation.generation() > 1) {
				Thread.sleep(delay);
			}
		};
	}

	@RestController
	static class GenerationController {

		private final WorkerGeneration generation;

		GenerationController(WorkerGeneration generation) {
			this.generation = generation;
		}

		@GetMapping("/generation")
		String generation(@RequestParam(name = "delay", defaultValue = "0") long delay) throws InterruptedException {
			Thread.sleep(delay);
			return Integer.toString(this.generation.generation());
		}

	}

}
