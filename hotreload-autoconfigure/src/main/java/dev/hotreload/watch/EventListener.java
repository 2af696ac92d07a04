package dev.hotreload.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeEvent.EventType;
import io.methvin.watcher.DirectoryChangeListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Takes the library's events on its event loop's thread and hands the debouncer the
 * watched files each event may have changed: the file it names if that is watched, the
 * files that were in a directory it says was deleted, and the watched links beside it,
 * which may lead elsewhere now. On Linux a ConfigMap update shows as events for
 * {@code ..data_tmp}, {@code ..data} and the timestamped directories, none for the files'
 * own links.
 */
final class EventListener implements DirectoryChangeListener {

	private static final Log defaultLogger = LogFactory.getLog(FileChangeWatcher.class);

	private static final int MAX_IGNORED_LOGGED = 256;

	private final Log logger;

	private final WatchedPaths watched;

	private final Fingerprints fingerprints;

	private final Debouncer debouncer;

	/**
	 * Paths whose events concerned nothing watched, each logged once: a log file beside a
	 * watched file would otherwise log its own change, which changes it, forever (it grew
	 * by gigabytes in a test with the watcher's debug log on).
	 */
	private final Set<Path> ignoredLogged = ConcurrentHashMap.newKeySet();

	EventListener(WatchedPaths watched, Fingerprints fingerprints, Debouncer debouncer) {
		this(watched, fingerprints, debouncer, defaultLogger);
	}

	EventListener(WatchedPaths watched, Fingerprints fingerprints, Debouncer debouncer, Log logger) {
		this.logger = logger;
		this.watched = watched;
		this.fingerprints = fingerprints;
		this.debouncer = debouncer;
	}

	@Override
	public void onEvent(DirectoryChangeEvent event) throws IOException {
		Set<Path> candidates = candidates(event);
		if (this.logger.isDebugEnabled()) {
			if (!candidates.isEmpty()) {
				this.logger.debug(event.eventType() + " " + event.path() + ": will look at " + candidates);
			}
			else if (this.ignoredLogged.size() < MAX_IGNORED_LOGGED && this.ignoredLogged.add(event.path())) {
				this.logger.debug(event.eventType() + " " + event.path()
						+ ": nothing watched (further events of this path are not logged)");
			}
		}
		this.debouncer.add(candidates);
	}

	private Set<Path> candidates(DirectoryChangeEvent event) throws IOException {
		Set<Path> candidates = new LinkedHashSet<>();
		if (event.eventType() == EventType.OVERFLOW) {
			// Events were lost: look at everything.
			candidates.addAll(this.fingerprints.known());
			candidates.addAll(this.watched.files());
			return candidates;
		}
		Path path = event.path();
		if (this.watched.isWatched(path)) {
			candidates.add(path);
		}
		if (event.eventType() == EventType.DELETE && event.isDirectory()) {
			candidates.addAll(this.fingerprints.under(path));
		}
		candidates.addAll(this.fingerprints.linksBeside(path));
		return candidates;
	}

	@Override
	public void onException(Exception ex) {
		this.logger.warn("Handling a file event failed", ex);
	}

}
