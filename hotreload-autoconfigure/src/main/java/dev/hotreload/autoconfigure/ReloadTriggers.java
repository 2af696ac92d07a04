package dev.hotreload.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;

import dev.hotreload.reload.ReloadRequest;
import dev.hotreload.reload.ReloadResult;
import dev.hotreload.reload.ReloadTrigger;
import dev.hotreload.signal.HangupTrigger;
import dev.hotreload.watch.ConfigurationFiles;
import dev.hotreload.watch.FileChangeWatcher;
import dev.hotreload.watch.FileChanges;
import dev.hotreload.watch.WatchFilters;

/**
 * The triggers besides the endpoint, as configured: SIGHUP and the watched files. They
 * live as long as the application (in process mode, the supervisor) and request reloads
 * from its one coordinator, saying what asked.
 */
public final class ReloadTriggers {

	private static final Log logger = LogFactory.getLog(ReloadTriggers.class);

	private final Function<ReloadRequest, CompletableFuture<ReloadResult>> reloads;

	private final boolean signal;

	private final @Nullable FileChangeWatcher watcher;

	private @Nullable HangupTrigger hangup;

	private ReloadTriggers(Function<ReloadRequest, CompletableFuture<ReloadResult>> reloads, boolean signal,
			List<Path> watched, HotReloadProperties.Watch watch) {
		this.reloads = reloads;
		this.signal = signal;
		this.watcher = watched.isEmpty() ? null
				: new FileChangeWatcher(watched, WatchFilters.CONFIGURATION_FILES, watch.debounce(), this::changed);
	}

	/**
	 * The triggers configured for an application or a supervisor.
	 * @param properties the configuration
	 * @param environment where the configuration files are found
	 * @param extra more paths to watch: the class directories in development mode, the
	 * application jar in process mode
	 * @param reloads where reloads are requested
	 * @return the triggers, not started
	 */
	public static ReloadTriggers of(HotReloadProperties properties, ConfigurableEnvironment environment, List<Path> extra,
			Function<ReloadRequest, CompletableFuture<ReloadResult>> reloads) {
		HotReloadProperties.Watch watch = properties.watch();
		Set<Path> watched = new LinkedHashSet<>();
		watch.paths().forEach((path) -> watched.add(path.toAbsolutePath().normalize()));
		if (watch.configFiles()) {
			List<Path> files = ConfigurationFiles.of(environment);
			if (files.isEmpty()) {
				logger.warn("hotreload.watch.config-files is set, but the application read no configuration file"
						+ " outside its jar");
			}
			watched.addAll(files);
		}
		watched.addAll(extra);
		return new ReloadTriggers(reloads, properties.signal().enabled(), new ArrayList<>(watched), watch);
	}

	private void changed(FileChanges changes) {
		this.reloads.apply(new ReloadRequest(null, ReloadTrigger.FILE, "a file change: " + changes.description()));
	}

	public synchronized void start() {
		if (this.signal && this.hangup == null) {
			this.hangup = HangupTrigger.install(this.reloads);
		}
		if (this.watcher != null) {
			this.watcher.start();
		}
	}

	public synchronized void stop() {
		if (this.hangup != null) {
			this.hangup.uninstall();
			this.hangup = null;
		}
		if (this.watcher != null) {
			this.watcher.stop();
		}
	}

}
