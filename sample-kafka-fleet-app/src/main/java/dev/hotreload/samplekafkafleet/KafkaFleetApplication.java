package dev.hotreload.samplekafkafleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hotreload.context.Generation;

/**
 * A sample fleet member on Kafka, the smallest: hotreload's starter, the
 * fleet on Spring Cloud Bus over Kafka, and {@code /hello} answering its generation. A
 * generation started with {@code sample.broken=true} fails to start: a bad change. One
 * started with {@code sample.start-gate=<file>} waits until that file exists (two minutes
 * at most) before it is ready: a slow start whose end the caller decides.
 */
@SpringBootApplication
public class KafkaFleetApplication {

	public static void main(String[] args) {
		SpringApplication.run(KafkaFleetApplication.class, args);
	}

	@Bean
	ApplicationRunner badChange(@Value("${sample.broken:false}") boolean broken) {
		return (args) -> {
			if (broken) {
				throw new IllegalStateException("sample.broken is set: a bad change");
			}
		};
	}

	@Bean
	ApplicationRunner startGate(@Value("${sample.start-gate:}") String gate) {
		return (args) -> {
			if (!gate.isEmpty()) {
				Instant until = Instant.now().plus(Duration.ofMinutes(2));
				while (!Files.exists(Path.of(gate)) && Instant.now().isBefore(until)) {
					Thread.sleep(50);
				}
			}
		};
	}

	@RestController
	static class HelloController {

		private final Generation generation;

		HelloController(Generation generation) {
			this.generation = generation;
		}

		@GetMapping("/hello")
		String hello() {
			return Integer.toString(this.generation.number());
		}

	}

}
