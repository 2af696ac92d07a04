package dev.hotreload.sample;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small web application that reloads itself: {@code POST /actuator/reload} starts a new
 * generation with freshly read configuration while clients keep being served.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	/**
	 * {@code sample.startup-delay} holds each generation back from being ready, to show
	 * what a reload does with a generation that is late.
	 */
	@Bean
	ApplicationRunner startupDelay(@Value("${sample.startup-delay:0s}") Duration delay) {
		return (args) -> Thread.sleep(delay.toMillis());
	}

}
