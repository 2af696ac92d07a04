package dev.hotreload.samplewebflux;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.sampletest.DevModeReloads;
import dev.hotreload.sampletest.DevModeSample;

/**
 * Development mode on Reactor Netty, as a developer uses it: the sample runs from its class
 * directory, a controller compiled into it is served by the next generation, reloaded by
 * the file change alone, on a new class loader, while clients keep being served without a
 * failed request ({@link DevModeReloads}).
 */
class WebFluxDevModeIT {

	@TempDir
	Path temp;

	@Test
	void aControllerCompiledIntoTheClassDirectoryIsServedByTheNextGenerationUnderLoad() throws Exception {
		try (DevModeSample sample = DevModeSample.start(this.temp, SampleWebFluxApplication.class, WebFluxDevModeIT.class)) {
			DevModeReloads.aNewControllerIsServedByTheNextGenerationUnderLoad(sample, SampleWebFluxApplication.class, "Reactor Netty");
		}
	}

}
