package dev.hotreload.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeEvent.EventType;
import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the watcher's event listener logs. With the debug log on and written to a file beside
 * a watched file, each event of that log file used to be logged, which changed it again: a
 * loop that wrote gigabytes. An unwatched path's events are logged once. The log is given to
 * the listener here, not read back from Logback: a Spring application that another test left
 * running in the same JVM may reset Logback's configuration at any moment.
 */
class EventListenerTests {

	@TempDir
	Path directory;

	@Test
	void theEventsOfAPathNothingWatchesAreLoggedOnceSoALogFileBesideAWatchedFileCannotFeedItself()
			throws Exception {
		Path watched = Files.writeString(this.directory.resolve("application.properties"), "a=1\n");
		Path log = this.directory.resolve("app.log");
		List<String> lines = new CopyOnWriteArrayList<>();
		EventListener listener = new EventListener(
				new WatchedPaths(List.of(watched), WatchFilters.CONFIGURATION_FILES), new Fingerprints(),
				new Debouncer(Duration.ofMillis(100)), new DebugLog(lines));
		for (int i = 0; i < 5; i++) {
			listener.onEvent(new DirectoryChangeEvent(EventType.MODIFY, false, log, null, 1, this.directory));
		}
		listener.onEvent(new DirectoryChangeEvent(EventType.MODIFY, false, watched, null, 1, this.directory));
		listener.onEvent(new DirectoryChangeEvent(EventType.MODIFY, false, watched, null, 1, this.directory));
		assertThat(lines).containsExactly(
				"MODIFY " + log + ": nothing watched (further events of this path are not logged)",
				"MODIFY " + watched + ": will look at [" + watched + "]",
				"MODIFY " + watched + ": will look at [" + watched + "]");
	}

	/** A log at debug level that keeps its debug lines. */
	private record DebugLog(List<String> lines) implements Log {

		@Override
		public boolean isDebugEnabled() {
			return true;
		}

		@Override
		public void debug(Object message) {
			this.lines.add(String.valueOf(message));
		}

		@Override
		public void debug(Object message, Throwable ex) {
			debug(message);
		}

		@Override
		public boolean isErrorEnabled() {
			return false;
		}

		@Override
		public boolean isFatalEnabled() {
			return false;
		}

		@Override
		public boolean isInfoEnabled() {
			return false;
		}

		@Override
		public boolean isTraceEnabled() {
			return false;
		}

		@Override
		public boolean isWarnEnabled() {
			return false;
		}

		@Override
		public void error(Object message) {
		}

		@Override
		public void error(Object message, Throwable ex) {
		}

		@Override
		public void fatal(Object message) {
		}

		@Override
		public void fatal(Object message, Throwable ex) {
		}

		@Override
		public void info(Object message) {
		}

		@Override
		public void info(Object message, Throwable ex) {
		}

		@Override
		public void trace(Object message) {
		}

		@Override
		public void trace(Object message, Throwable ex) {
		}

		@Override
		public void warn(Object message) {
		}

		@Override
		public void warn(Object message, Throwable ex) {
		}

	}

}
