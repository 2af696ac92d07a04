package dev.hotreload.warning;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.hotreload.reload.ReloadWarning;

/**
 * Finds Spring Boot DevTools' restart: the generation runs on its restart class loader.
 * DevTools then restarts the application on every class change by closing it, and the
 * port with it, beside hotreload's generations.
 */
final class DevToolsRestart {

	private static final String RESTART_LOADER = "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";

	private DevToolsRestart() {
	}

	static List<ReloadWarning> check(ConfigurableApplicationContext context, int generation) {
		if (!isRestartLoader(context.getClassLoader())) {
			return List.of();
		}
		return List.of(new ReloadWarning(ReloadWarning.Kind.DEVTOOLS_RESTART, generation,
				"Spring Boot DevTools' restart is active: on a class change it closes the application and starts"
						+ " it again, and connections are refused while it does",
				"for new code without a refused connection start with -Dspring.devtools.restart.enabled=false"
						+ " and --hotreload.dev.enabled=true; keep DevTools out of what serves real traffic"));
	}

	private static boolean isRestartLoader(@Nullable ClassLoader loader) {
		for (ClassLoader candidate = loader; candidate != null; candidate = candidate.getParent()) {
			if (candidate.getClass().getName().equals(RESTART_LOADER)) {
				return true;
			}
		}
		return false;
	}

}
