package dev.hotreload.metrics;

import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.slf4j.LoggerFactory;

/**
 * Micrometer's {@link LogbackMetrics}, made to let go of the logger context when its
 * generation closes. {@code LogbackMetrics} adds a reset-resistant listener to Logback's
 * JVM-wide {@link LoggerContext} and never removes it; the listener holds every meter
 * registry it was bound to. One generation per JVM never notices; a JVM that closes a
 * generation at every reload would keep every old registry (and what its meters hold).
 */
public class GenerationLogbackMetrics extends LogbackMetrics {

	private final LoggerContext loggerContext;

	private final List<LoggerContextListener> ownListeners;

	private GenerationLogbackMetrics(LoggerContext loggerContext, List<LoggerContextListener> before) {
		super(List.of(), loggerContext);
		this.loggerContext = loggerContext;
		List<LoggerContextListener> added = loggerContext.getCopyOfListenerList();
		added.removeAll(before);
		this.ownListeners = added;
	}

	/**
	 * Binds to the logger context SLF4J uses.
	 * @return the metrics
	 */
	public static GenerationLogbackMetrics create() {
		LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
		return new GenerationLogbackMetrics(loggerContext, loggerContext.getCopyOfListenerList());
	}

	@Override
	public void close() {
		super.close();
		this.ownListeners.forEach(this.loggerContext::removeListener);
	}

}
