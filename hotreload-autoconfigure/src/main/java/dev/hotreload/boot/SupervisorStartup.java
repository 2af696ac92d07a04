package dev.hotreload.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.hotreload.autoconfigure.HotReloadProperties;
import dev.hotreload.autoconfigure.ProcessProperties;
import dev.hotreload.autoconfigure.ReloadTriggers;
import dev.hotreload.process.ClassDataArchiveBuild;
import dev.hotreload.process.Supervisor;
import dev.hotreload.process.SupervisorLaunch;
import dev.hotreload.process.WorkerLink;
import dev.hotreload.process.startup.StartPriority;
import dev.hotreload.reload.ReloadMode;

/**
 * Turns the JVM the user started into the supervisor when {@code hotreload.mode=process}:
 * as soon as the environment is known (so the mode may come from any property source), and
 * before any application context exists, so the supervisor never runs the application.
 */
final class SupervisorStartup {

	private static final Log logger = LogFactory.getLog(SupervisorStartup.class);

	private SupervisorStartup() {
	}

	/**
	 * In the supervisor's JVM (process mode, not a worker), runs the supervisor until it
	 * shuts down, then ends the JVM; elsewhere returns at once.
	 * @param environment the application's environment
	 * @param args its arguments
	 */
	static void runIfSupervisor(ConfigurableEnvironment environment, String[] args) {
		HotReloadProperties properties = Binder.get(environment)
			.bindOrCreate("hotreload", HotReloadProperties.class);
		if (properties.enabled() && properties.mode() == ReloadMode.PROCESS && !WorkerLink.isWorkerJvm()) {
			System.exit(run(properties, environment, args));
		}
	}

	private static int run(HotReloadProperties properties, ConfigurableEnvironment environment, String[] args) {
		ProcessProperties.ClassDataSharing sharing = properties.process().classDataSharing();
		if (sharing.buildOnly()) {
			return ClassDataArchiveBuild.run(sharing.toSettings(), args);
		}
		Integer serverPort = environment.getProperty("server.port", Integer.class, 8080);
		Integer managementPort = environment.getProperty("management.server.port", Integer.class);
		if (managementPort != null && managementPort >= 0 && !managementPort.equals(serverPort)) {
			logger.error("hotreload.mode=process cannot run with management.server.port=" + managementPort
					+ ": every worker inherits one listening socket (the server's, on its standard input), and a"
					+ " management server on a port of its own would need a second. Remove management.server.port"
					+ " (the actuator then shares the server's port) or use hotreload.mode=context.");
			return 1;
		}
		InetAddress address = environment.getProperty("server.address", InetAddress.class);
		InetSocketAddress listen = (address != null) ? new InetSocketAddress(address, serverPort)
				: new InetSocketAddress(serverPort);
		try {
			if (properties.dev().enabled()) {
				logger.warn("hotreload.dev.enabled is ignored in process mode: every process reload starts a worker"
						+ " from the code on disk");
			}
			Supervisor supervisor = SupervisorLaunch.start(listen, properties.toSettings(), sharing.toSettings(),
					StartPriority.of(properties.process().startNice()), args);
			if (supervisor == null) {
				return 1;
			}
			SpringApplication.getShutdownHandlers().add(supervisor::shutdown);
			ReloadTriggers triggers;
			try {
				triggers = ReloadTriggers.of(properties, environment, applicationJar(properties, supervisor),
						supervisor::requestReload);
			}
			catch (IllegalArgumentException ex) {
				logger.error("The supervisor cannot watch what hotreload.watch asks for: " + ex.getMessage());
				supervisor.shutdown();
				return 1;
			}
			triggers.start();
			try {
				supervisor.awaitShutdown();
			}
			finally {
				triggers.stop();
			}
			return 0;
		}
		catch (IOException ex) {
			logger.error("The supervisor could not listen on " + listen + ": " + ex.getMessage(), ex);
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	private static List<Path> applicationJar(HotReloadProperties properties, Supervisor supervisor) {
		if (!properties.watch().applicationJar()) {
			return List.of();
		}
		Path jar = supervisor.applicationJar();
		if (jar == null) {
			logger.warn("hotreload.watch.application-jar is set, but workers start from a class path, not a jar");
			return List.of();
		}
		return List.of(jar);
	}

}
