package dev.hotreload.benchmarks.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A config file the sample reads on every reload ({@code spring.config.additional-location}),
 * which the harness breaks for one reload: a context path without a leading slash stops the
 * new generation from starting, the old one keeps serving and the reload answers 500.
 */
final class FailingReloadConfig implements AutoCloseable {

	static final String BROKEN = "server.servlet.context-path=broken\n";

	private static final String HARMLESS = "# Written by DashboardSnapshot; broken for one reload only.\n";

	private final Path directory;

	private final Path file;

	private FailingReloadConfig(Path directory) {
		this.directory = directory;
		this.file = directory.resolve("application.properties");
	}

	/**
	 * Creates the config file, harmless for now.
	 * @param directory a directory of its own, created if missing
	 * @return the config
	 * @throws IOException if it cannot be written
	 */
	static FailingReloadConfig in(Path directory) throws IOException {
		FailingReloadConfig config = new FailingReloadConfig(Files.createDirectories(directory));
		config.repair();
		return config;
	}

	/**
	 * The sample's argument that makes it read this file.
	 * @return {@code --spring.config.additional-location=file:<dir>/}
	 */
	String sampleArgument() {
		// The trailing slash makes Spring Boot read the directory's application.properties.
		return "--spring.config.additional-location=file:" + this.directory.toAbsolutePath() + "/";
	}

	void breakNextReload() throws IOException {
		Files.writeString(this.file, BROKEN, StandardCharsets.UTF_8);
	}

	void repair() throws IOException {
		Files.writeString(this.file, HARMLESS, StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(this.file);
		Files.deleteIfExists(this.directory);
	}

}
