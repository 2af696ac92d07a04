package dev.hotreload.benchmarks.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gets a Prometheus server onto this machine with the project's own script
 * ({@code observability/install-prometheus.sh}, Debian's package), so that the snapshot
 * shows what a real Prometheus scraped rather than numbers made up by the harness.
 */
final class PrometheusInstaller {

	private static final long TIMEOUT_MINUTES = 5;

	private PrometheusInstaller() {
	}

	/**
	 * Runs the install script unless {@code prometheus} is already on the path.
	 * @param script the install script
	 * @return whether the script ran
	 * @throws IOException if the script cannot be run or fails
	 * @throws InterruptedException if interrupted while it runs
	 */
	static boolean installIfMissing(Path script) throws IOException, InterruptedException {
		if (onPath("prometheus")) {
			return false;
		}
		install(script);
		return true;
	}

	/**
	 * Runs the install script, which does nothing when Prometheus is installed already.
	 * @param script the install script
	 * @throws IOException if the script cannot be run or fails
	 * @throws InterruptedException if interrupted while it runs
	 */
	static void install(Path script) throws IOException, InterruptedException {
		if (!Files.isRegularFile(script)) {
			throw new IOException("No Prometheus install script at " + script.toAbsolutePath()
					+ "; run from the repository root or pass --observability-dir");
		}
		Process process = new ProcessBuilder(List.of("bash", script.toString())).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IOException(script + " did not finish within " + TIMEOUT_MINUTES + " minutes: " + output);
		}
		if (process.exitValue() != 0) {
			throw new IOException(script + " failed with status " + process.exitValue() + ": " + output);
		}
	}

	private static boolean onPath(String command) {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

}
