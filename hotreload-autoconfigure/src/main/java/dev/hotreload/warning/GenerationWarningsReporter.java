package dev.hotreload.warning;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.reload.ReloadWarning;

/**
 * Looks at a generation once its beans exist, logs what a reload does not suit, and keeps
 * it in the JVM's {@link GenerationWarnings} until the generation closes.
 */
public final class GenerationWarningsReporter implements SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(GenerationWarningsReporter.class);

	private final GenerationWarnings warnings;

	private final int generation;

	private final ConfigurableApplicationContext context;

	public GenerationWarningsReporter(GenerationWarnings warnings, int generation,
			ConfigurableApplicationContext context) {
		this.warnings = warnings;
		this.generation = generation;
		this.context = context;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ReloadWarning> found = new ArrayList<>();
		found.addAll(InMemoryDatabases.check(this.context, this.generation));
		found.addAll(SqlInitScripts.check(this.context, this.generation));
		found.addAll(DevToolsRestart.check(this.context, this.generation));
		for (ReloadWarning warning : found) {
			logger.warn("Generation " + warning.generation() + ": " + warning.message() + ". What to do: "
					+ warning.action() + " (" + warning.kind() + " in docs/troubleshooting.md)");
		}
		this.warnings.record(this.generation, found);
	}

	@Override
	public void destroy() {
		this.warnings.forget(this.generation);
	}

}
