package dev.hotreload.logging;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperties;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The logging system Spring Boot would have picked, except that it is not cleaned up on
 * threads marked by {@link LoggingCleanupGuard}. Everything else is delegated unchanged,
 * so a new generation still applies its own {@code logging.level.*}.
 */
final class GenerationAwareLoggingSystem extends LoggingSystem {

	private final LoggingSystem delegate;

	GenerationAwareLoggingSystem(LoggingSystem delegate) {
		this.delegate = delegate;
	}

	LoggingSystem delegate() {
		return this.delegate;
	}

	@Override
	public void cleanUp() {
		if (!LoggingCleanupGuard.isCleanupSuppressed()) {
			this.delegate.cleanUp();
		}
	}

	@Override
	public LoggingSystemProperties getSystemProperties(ConfigurableEnvironment environment) {
		return this.delegate.getSystemProperties(environment);
	}

	@Override
	public void beforeInitialize() {
		this.delegate.beforeInitialize();
	}

	@Override
	public void initialize(LoggingInitializationContext initializationContext, @Nullable String configLocation,
			@Nullable LogFile logFile) {
		this.delegate.initialize(initializationContext, configLocation, logFile);
	}

	@Override
	public @Nullable Runnable getShutdownHandler() {
		return this.delegate.getShutdownHandler();
	}

	@Override
	public Set<LogLevel> getSupportedLogLevels() {
		return this.delegate.getSupportedLogLevels();
	}

	@Override
	public void setLogLevel(@Nullable String loggerName, @Nullable LogLevel level) {
		this.delegate.setLogLevel(loggerName, level);
	}

	@Override
	public List<LoggerConfiguration> getLoggerConfigurations() {
		return this.delegate.getLoggerConfigurations();
	}

	@Override
	public @Nullable LoggerConfiguration getLoggerConfiguration(String loggerName) {
		return this.delegate.getLoggerConfiguration(loggerName);
	}

}
