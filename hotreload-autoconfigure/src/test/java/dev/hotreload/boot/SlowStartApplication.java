package dev.hotreload.boot;

import java.nio.file.Files;
import java.nio.file.Path;

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
 * or wait until the file {@code test.startup-gate} exists, to catch a reload while it runs,
 * and whose {@code /generation?delay=} answers slowly, or {@code ?gate=} once that file
 * exists, to catch a drain.
 */
@SpringBootApplication
public class SlowStartApplication {

	public static void main(String[] args) {
		SpringApplication.run(SlowStartApplication.class, args);
	}

	@Bean
	ApplicationRunner slowStart(WorkerGeneration generation, @Value("${test.startup-delay:0}") long delay,
			@Value("${test.startup-gate:}") String gate) {
		return (args) -> {
			if (generation.generation() > 1) {
				Thread.sleep(delay);
				while (!gate.isEmpty() && !Files.exists(Path.of(gate))) {
					Thread.sleep(20);
				}
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
		String generation(@RequestParam(name = "delay", defaultValue = "0") long delay,
				@RequestParam(name = "gate", defaultValue = "") String gate) throws InterruptedException {
			Thread.sleep(delay);
			// At most two minutes: a test that never opens the gate still ends.
			for (int i = 0; i < 1200 && !gate.isEmpty() && !Files.exists(Path.of(gate)); i++) {
				Thread.sleep(100);
			}
			return Integer.toString(this.generation.generation());
		}

	}

}
