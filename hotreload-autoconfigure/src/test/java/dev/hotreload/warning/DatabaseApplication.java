package dev.hotreload.warning;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application with Spring Boot's own {@code DataSource} and SQL initialization, the
 * database named by the test.
 */
@SpringBootApplication
class DatabaseApplication {

}
