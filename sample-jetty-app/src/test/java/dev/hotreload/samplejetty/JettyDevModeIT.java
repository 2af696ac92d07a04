package dev.hotreload.samplejetty;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sampletest.DevModeReloads;
import dev.hotreload.sampletest.DevModeSample;

/**
 * Development mode on Jetty, as a developer uses it: the sample runs from its class
 * directory, a controller compiled into it is served by the next generation, reloaded by
 * the file change alone, on a new class loader, while clients keep being served without a
 * failed request ({@link DevModeReloads}).
 */
class JettyDevModeIT {

	@TempDir
	Path temp;

	@Test
	void aControllerCompiledIntoTheClassDirectoryIsServedByTheNextGenerationUnderLoad() throws Exception {
		try (DevModeSample sample = DevModeSample.start(this.temp, SampleJettyApplication.class, JettyDevModeIT.class)) {
			DevModeReloads.aNewControllerIsServedByTheNextGenerationUnderLoad(sample, SampleJettyApplication.class, "Jetty");
		}
	}

}
