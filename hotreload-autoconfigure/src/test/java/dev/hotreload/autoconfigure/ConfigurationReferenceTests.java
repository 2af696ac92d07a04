package dev.hotreload.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} lists exactly the properties of the configuration
 * metadata, as {@link ConfigurationReference} renders them. On drift the build writes the
 * page anew and fails, so that the new page is reviewed and committed; a page that is up
 * to date is not touched, and a fresh clone builds with a clean working tree.
 */
class ConfigurationReferenceTests {

	private final Path page = Path.of(System.getProperty("hotreload.docs.directory", "../docs"), "configuration.md");

	@Test
	void pageListsEveryPropertyOfTheMetadataAndNoOther() throws Exception {
		ConfigurationReference.ofThisModule().check(this.page);
	}

	@Test
	void everyPropertyOfThisModuleHasARow() throws Exception {
		ConfigurationReference reference = ConfigurationReference.ofThisModule();
		String page = reference.renderAlone();
		assertThat(reference.documented(page)).isNotEmpty()
			.containsExactlyInAnyOrderElementsOf(reference.propertyNames())
			.contains("hotreload.drain.mode", "management.endpoint.reload.access");
		assertThat(page).contains("| `hotreload.drain.mode` | `migrate`, `close` | `migrate` |");
	}

}
