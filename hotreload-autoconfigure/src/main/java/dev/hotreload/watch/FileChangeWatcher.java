package dev.hotreload.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Watches files and directories for changes of content, and calls back once for each
 * burst of changes: one save, one build's writes or one Kubernetes ConfigMap update gives
 * one callback. Native file events come from the directory-watcher library: inotify on
 * Linux, FSEvents on macOS, where the JDK's watch service polls.
 * <p>
 * A directory is watched with its subdirectories, new ones included, for the files the
 * filter lets through. A file, which need not exist yet, is watched through its directory
 * alone, not that directory's subdirectories. A file counts as changed when it appears,
 * goes, or holds other bytes than when last looked at, read through symbolic links: a
 * touch or a rewrite of the same bytes is no change, so a build that rewrites class files
 * it did not change reloads nothing. The watched files are read once when watching
 * starts, and each file an event names is read again once its events are quiet.
 * <p>
 * The callback runs on the watcher's thread, {@code hotreload-watch}; a second thread,
 * {@code hotreload-watch-events}, takes the events (on macOS the library adds one per
 * watched directory for FSEvents). An exception the callback throws is logged, and the
 * next change is reported as usual.
 */
public final class FileChangeWatcher implements AutoCloseable {

	/**
	 * The debounce to use unless there is a reason not to: Spring Boot DevTools' quiet
	 * period, long enough for an editor's save or a compiler's burst of writes to end, short
	 * enough for a reload to follow a save at once. A ConfigMap update is atomic and needs
	 * no more.
	 */
	public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(400);

	private static final Log logger = LogFactory.getLog(FileChangeWatcher.class);

	private final WatchedPaths watched;

	private final Duration debounce;

	private final Consumer<FileChanges> callback;

	private @Nullable Watching watching;

	/**
	 * Creates a watcher, not yet started.
	 * @param paths the files and directories to watch; a path that is not an existing
	 * directory is a file
	 * @param filter which files inside watched directories count, tested with their path
	 * relative to the directory (see {@link WatchFilters}); watched files always count
	 * @param debounce how long events must be quiet before the changes are reported; a
	 * batch waits ten times as long at most
	 * @param callback takes the changes of each batch
	 * @throws IllegalArgumentException if there are no paths, a file's directory does not
	 * exist, or the debounce is not positive
	 */
	public FileChangeWatcher(Collection<Path> paths, Predicate<Path> filter, Duration debounce,
			Consumer<FileChanges> callback) {
		if (debounce.isNegative() || debounce.isZero()) {
			throw new IllegalArgumentException("The debounce must be positive, got " + debounce);
		}
		this.watched = new WatchedPaths(paths, filter);
		this.debounce = debounce;
		this.callback = callback;
	}

	/**
	 * Starts watching, unless already watching. A change made once this returns is
	 * reported.
	 * @throws IllegalStateException if the directories cannot be watched
	 */
	public synchronized void start() {
		if (this.watching != null) {
			return;
		}
		this.watching = Watching.start(this.watched, this.debounce, this.callback);
		logger.info("Watching " + this.watched + " for changes, debounce " + this.debounce.toMillis() + " ms");
	}

	/**
	 * Stops watching and waits for the watcher's threads to end, after a callback in
	 * progress unless called from it. No callback starts once this returns. Does nothing
	 * if not watching.
	 */
	public void stop() {
		Watching stopping;
		synchronized (this) {
			stopping = this.watching;
			this.watching = null;
		}
		if (stopping != null) {
			stopping.stop();
			logger.debug("Stopped watching " + this.watched);
		}
	}

	/**
	 * Whether the watcher was started and not stopped since.
	 * @return whether it is watching
	 */
	public synchronized boolean isRunning() {
		return this.watching != null;
	}

	/**
	 * Stops watching, like {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

}
