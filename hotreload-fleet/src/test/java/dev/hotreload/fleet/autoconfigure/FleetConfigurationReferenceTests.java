package dev.hotreload.fleet.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.hotreload.autoconfigure.ConfigurationReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's section of {@code docs/configuration.md} ({@code fleet-properties}) lists
 * exactly the properties of this module's configuration metadata, rendered as the
 * starter's section is. On drift the build writes the section anew and fails.
 */
class FleetConfigurationReferenceTests {

	private final Path page = Path.of(System.getProperty("hotreload.docs.directory", "../docs"), "configuration.md");

	@Test
	void pageListsEveryFleetPropertyOfTheMetadataAndNoOther() throws Exception {
		reference().check(this.page);
	}

	@Test
	void everyFleetPropertyHasARowWithItsDefault() throws Exception {
		ConfigurationReference reference = reference();
		String section = reference.renderAlone();
		assertThat(reference.documented(section)).containsExactlyInAnyOrder("hotreload.fleet.enabled",
				"hotreload.fleet.heartbeat", "hotreload.fleet.batch-size", "hotreload.fleet.settle",
				"hotreload.fleet.step-timeout", "hotreload.fleet.start-window");
		assertThat(section).contains("| `hotreload.fleet.step-timeout` | Duration | `60s` |");
	}

	private static ConfigurationReference reference() throws Exception {
		return ConfigurationReference.of(FleetProperties.class, "fleet-properties");
	}

}
