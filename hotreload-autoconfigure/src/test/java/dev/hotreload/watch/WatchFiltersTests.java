package dev.hotreload.watch;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters leave out hidden files, files in hidden directories and editors' temporary
 * files, and the class file filter everything but class files.
 */
class WatchFiltersTests {

	@Test
	void configurationFilesAreAllButHiddenAndTemporaryOnes() {
		assertThat(Path.of("application.yml")).matches(WatchFilters.CONFIGURATION_FILES);
		assertThat(Path.of("config", "application.properties")).matches(WatchFilters.CONFIGURATION_FILES);
		for (String left : new String[] { ".env", ".git/config", "..data/application.yml", "application.yml~",
				"application.yml.swp", "application.yml.tmp", "#application.yml#", "application.yml___jb_tmp___" }) {
			assertThat(Path.of(left)).as(left).matches(WatchFilters.CONFIGURATION_FILES.negate());
		}
	}

	@Test
	void classFilesAreClassFilesOutsideHiddenDirectories() {
		assertThat(Path.of("com", "example", "App.class")).matches(WatchFilters.CLASS_FILES);
		assertThat(Path.of("application.yml")).matches(WatchFilters.CLASS_FILES.negate());
		assertThat(Path.of(".cache", "App.class")).matches(WatchFilters.CLASS_FILES.negate());
	}

}
