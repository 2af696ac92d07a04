package dev.hotreload.samplejetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application on embedded Jetty that reloads itself: {@code POST
 * /actuator/reload} starts a new generation with freshly read configuration while clients
 * keep being served.
 */
@SpringBootApplication
public class SampleJettyApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleJettyApplication.class, args);
	}

}
