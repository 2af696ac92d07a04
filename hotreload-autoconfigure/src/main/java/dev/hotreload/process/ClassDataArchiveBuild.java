package dev.hotreload.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.hotreload.process.startup.ClassDataSharing;
import dev.hotreload.process.startup.ClassDataSharingSettings;

/**
 * {@code hotreload.process.class-data-sharing.build-only}: the JVM a user started builds
 * the class data archive its workers would start with, in the foreground, and exits
 * without binding a port or starting a worker. Run in the step that installs a jar (or
 * builds a container image), it spares the first worker a start without the archive and
 * the serving worker a background build beside it.
 */
public final class ClassDataArchiveBuild {

	private static final Log logger = LogFactory.getLog(ClassDataArchiveBuild.class);

	private ClassDataArchiveBuild() {
	}

	/**
	 * Builds the archive for the jar this JVM runs, with the JVM options its workers would get.
	 * @param settings where the archives are kept
	 * @param args the application's arguments (the training run gets them too)
	 * @return the exit code: 0 once the archive exists
	 */
	public static int run(ClassDataSharingSettings settings, String[] args) {
		if (!settings.enabled()) {
			logger.error("hotreload.process.class-data-sharing.build-only is set, but"
					+ " hotreload.process.class-data-sharing.enabled=false: there is nothing to build");
			return 1;
		}
		WorkerCommand command = WorkerCommand.ofThisJvm(args);
		Path jar = command.jar();
		if (jar == null) {
			logger.error("hotreload.process.class-data-sharing.build-only needs an executable jar (java -jar app.jar):"
					+ " workers started from a class path start without a class data archive");
			return 1;
		}
		Path directory;
		try {
			directory = Files.createTempDirectory("hotreload-" + ProcessHandle.current().pid() + "-");
		}
		catch (IOException ex) {
			logger.error("Cannot create a temporary directory to extract " + jar + " in: " + ex.getMessage());
			return 1;
		}
		ClassDataSharing sharing = new ClassDataSharing(settings, command.java(), command.jvmOptions(),
				List.of(args), directory);
		try {
			sharing.buildNow(jar);
			return 0;
		}
		catch (IOException ex) {
			logger.error("Building the class data archive for " + jar + " failed: " + ex.getMessage());
			return 1;
		}
		finally {
			sharing.close();
			PrivateDirectory.delete(directory);
		}
	}

}
