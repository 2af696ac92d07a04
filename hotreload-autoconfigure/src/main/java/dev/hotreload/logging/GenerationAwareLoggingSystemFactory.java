package dev.hotreload.logging;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Wraps the logging system the other factories pick in a
 * {@link GenerationAwareLoggingSystem}. Listed in {@code META-INF/spring.factories} ahead
 * of Spring Boot's own factories.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class GenerationAwareLoggingSystemFactory implements LoggingSystemFactory {

	@Override
	public @Nullable LoggingSystem getLoggingSystem(ClassLoader classLoader) {
		for (LoggingSystemFactory factory : SpringFactoriesLoader.loadFactories(LoggingSystemFactory.class,
				classLoader)) {
			if (factory instanceof GenerationAwareLoggingSystemFactory) {
				continue;
			}
			LoggingSystem loggingSystem = factory.getLoggingSystem(classLoader);
			if (loggingSystem != null) {
				return new GenerationAwareLoggingSystem(loggingSystem);
			}
		}
		return null;
	}

}
