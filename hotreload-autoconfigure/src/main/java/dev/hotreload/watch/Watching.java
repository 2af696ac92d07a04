package dev.hotreload.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.methvin.watcher.DirectoryWatcher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link FileChangeWatcher}: the library's watcher, whose event loop takes
 * the file system's events on one thread, and a second thread that waits for them to go
 * quiet, looks at the files they name and calls back. The library's loop blocks on its
 * watch service with no timeout, so the quiet period needs a thread of its own.
 */
final class Watching {

	private static final Log logger = LogFactory.getLog(FileChangeWatcher.class);

	private final WatchedPaths watched;

	private final Consumer<FileChanges> callback;

	private final Debouncer debouncer;

	private final Fingerprints fingerprints = new Fingerprints();

	private final DirectoryWatcher watcher;

	private @Nullable Thread events;

	private @Nullable Thread changes;

	private volatile boolean stopped;

	private Watching(WatchedPaths watched, Duration debounce, Consumer<FileChanges> callback) throws IOException {
		this.watched = watched;
		this.callback = callback;
		this.debouncer = new Debouncer(debounce);
		// The library's hashes compare each event's file with the event before, and not
		// through symbolic links: the fingerprints compare once a batch is quiet.
		this.watcher = DirectoryWatcher.builder()
			.paths(watched.directories())
			.fileTreeVisitor(watched)
			.fileHashing(false)
			.listener(new EventListener(watched, this.fingerprints, this.debouncer))
			.build();
	}

	/**
	 * Registers the watched directories, looks at the watched files for the first time and
	 * starts the two threads: a change made once this returns is reported.
	 * @param watched what to watch
	 * @param debounce the quiet period
	 * @param callback takes each batch of changes
	 * @return the run
	 * @throws IllegalStateException if the directories cannot be watched
	 */
	static Watching start(WatchedPaths watched, Duration debounce, Consumer<FileChanges> callback) {
		Watching watching = null;
		try {
			watching = new Watching(watched, debounce, callback);
			watching.begin();
			return watching;
		}
		catch (IOException | CompletionException ex) {
			if (watching != null) {
				watching.stop();
			}
			Throwable cause = (ex instanceof CompletionException) ? ex.getCause() : ex;
			throw new IllegalStateException("Could not watch " + watched + ": " + cause, cause);
		}
	}

	private void begin() throws IOException {
		// The library registers the directories before watchAsync returns; events queue up
		// from then on, while the files are looked at for the first time.
		CompletableFuture<Void> loop = this.watcher.watchAsync((task) -> this.events = daemon(task, "-events"));
		if (loop.isCompletedExceptionally()) {
			loop.join();
		}
		this.fingerprints.remember(this.watched.files());
		this.changes = daemon(this::deliverChanges, "");
		loop.whenComplete((result, ex) -> {
			if (!this.stopped) {
				logger.warn((ex != null) ? "Watching " + this.watched + " failed; no longer watching"
						: "No longer watching " + this.watched + ": none of its directories is left", ex);
			}
		});
	}

	private static Thread daemon(Runnable task, String suffix) {
		Thread thread = new Thread(task, "hotreload-watch" + suffix);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private void deliverChanges() {
		try {
			for (Set<Path> batch = this.debouncer.next(); batch != null; batch = this.debouncer.next()) {
				Set<Path> changed = this.fingerprints.changed(batch);
				if (changed.isEmpty()) {
					logger.debug("No content changed in " + batch);
				}
				else if (!this.stopped) {
					call(new FileChanges(changed));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void call(FileChanges changes) {
		logger.debug(changes.description() + ": " + changes.paths());
		try {
			this.callback.accept(changes);
		}
		catch (RuntimeException ex) {
			logger.error("Reacting to the change (" + changes.description() + ") failed", ex);
		}
	}

	/**
	 * Stops both threads and waits for them to end, after a callback in progress unless
	 * called from it.
	 */
	void stop() {
		this.stopped = true;
		this.debouncer.close();
		try {
			this.watcher.close();
		}
		catch (IOException ex) {
			logger.warn("Could not close the watch service", ex);
		}
		join(this.events);
		join(this.changes);
	}

	private static void join(@Nullable Thread thread) {
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
