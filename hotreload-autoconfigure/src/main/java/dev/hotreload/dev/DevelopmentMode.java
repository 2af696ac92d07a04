package dev.hotreload.dev;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.hotreload.context.ApplicationLaunch;
import dev.hotreload.context.ReloadableApplication;

/**
 * Turns development mode on for a running application, or says why it cannot be.
 */
public final class DevelopmentMode {

	private static final Log logger = LogFactory.getLog(DevelopmentMode.class);

	private static final String DEVTOOLS_RESTART_LOADER = "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";

	private DevelopmentMode() {
	}

	/**
	 * Makes every later generation of the application run the classes on disk.
	 * @param application the application
	 * @param launch how it was started
	 * @param cleanup forgets a closed generation's classes
	 * @return the class directories, whose changes should reload; empty if development
	 * mode could not be turned on (the log says why)
	 */
	public static List<Path> enable(ReloadableApplication application, @Nullable ApplicationLaunch launch,
			LoaderCleanup cleanup) {
		String unavailable = unavailable(launch);
		if (unavailable != null) {
			logger.warn("hotreload.dev.enabled is set but development mode is off: " + unavailable);
			return List.of();
		}
		List<Path> directories = ClassDirectories.ofThisJvm();
		if (directories.isEmpty()) {
			logger.warn("hotreload.dev.enabled is set but development mode is off: the class path has no class"
					+ " directories (the application runs from a jar); run it with ./mvnw spring-boot:run, Gradle's"
					+ " bootRun or from an IDE");
			return List.of();
		}
		Class<?> main = launch.application().getMainApplicationClass();
		application.startGenerationsWith(new DevelopmentStart(directories, launch.classLoader(), main.getName(),
				cleanup));
		logger.info("Development mode: every reload runs " + main.getName()
				+ ".main again on a new class loader over " + directories + "; a change there reloads");
		return directories;
	}

	private static @Nullable String unavailable(@Nullable ApplicationLaunch launch) {
		if (launch == null) {
			return "the application was not started by SpringApplication.run";
		}
		if (launch.classLoader().getClass().getName().equals(DEVTOOLS_RESTART_LOADER)) {
			// Two restart mechanisms watching the same directories would both restart.
			return "Spring Boot DevTools' restart is active and restarts on class changes itself. Remove"
					+ " spring-boot-devtools, or start with -Dspring.devtools.restart.enabled=false to let"
					+ " hotreload reload new code without a restart";
		}
		if (launch.application().getMainApplicationClass() == null) {
			return "the main class of the application is unknown";
		}
		return null;
	}

}
