package dev.hotreload.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet starter puts Spring Cloud Bus on RabbitMQ on the sample's class path and
 * nothing the bus does not use: not a second web stack (the RabbitMQ binder asks for
 * WebFlux and Reactor Netty) and not Hibernate Validator (Spring Cloud Stream asks for it).
 * Each of them made every start of the sample cost more CPU time, with or without a fleet.
 */
class FleetStarterClassPathTests {

	@Test
	void theSamplesRuntimeClassPathHasTheBusAndNoSecondWebStack() throws IOException {
		// Written by the build (maven-dependency-plugin, generate-resources): the jars the
		// sample's executable jar carries.
		List<String> jars = Arrays.stream(Files.readString(Path.of("target", "runtime-classpath.txt")).split(":"))
			.map((entry) -> Path.of(entry.strip()).getFileName().toString())
			.toList();
		assertThat(jars).anyMatch((jar) -> jar.startsWith("spring-cloud-bus-"))
			.anyMatch((jar) -> jar.startsWith("spring-cloud-stream-binder-rabbit-"))
			.anyMatch((jar) -> jar.startsWith("spring-webmvc-"));
		assertThat(jars).noneMatch((jar) -> jar.startsWith("spring-webflux-"))
			.noneMatch((jar) -> jar.startsWith("reactor-netty-"))
			.noneMatch((jar) -> jar.startsWith("hibernate-validator-"));
	}

}
