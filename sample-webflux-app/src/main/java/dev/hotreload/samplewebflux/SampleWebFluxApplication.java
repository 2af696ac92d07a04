package dev.hotreload.samplewebflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small WebFlux application on Reactor Netty that reloads itself: {@code POST
 * /actuator/reload} starts a new generation with freshly read configuration while clients
 * keep being served.
 */
@SpringBootApplication
public class SampleWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleWebFluxApplication.class, args);
	}

}
