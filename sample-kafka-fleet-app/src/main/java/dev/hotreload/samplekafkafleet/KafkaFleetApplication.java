package dev.hotreload.samplekafkafleet;

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
 * generation started with {@code sample.broken=true} fails to start: a bad change.
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
