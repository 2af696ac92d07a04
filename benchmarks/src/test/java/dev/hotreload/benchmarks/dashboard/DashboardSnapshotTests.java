package dev.hotreload.benchmarks.dashboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard snapshot runs end to end on a small setting against a real Prometheus,
 * installed by the project's script when missing (never skipped), and writes a readable
 * PNG and a CSV file with data for every dashboard panel. No timing is asserted.
 */
class DashboardSnapshotTests {

	// Tests run in the benchmarks module's directory.
	private static final Path OBSERVABILITY = Path.of("..", "observability");

	@BeforeAll
	static void installPrometheus() throws Exception {
		System.setProperty("java.awt.headless", "true");
		PrometheusInstaller.install(OBSERVABILITY.resolve("install-prometheus.sh"));
	}

	@Test
	void smallRunDrawsEveryPanelAndReloadsAsPlanned(@TempDir Path results) throws Exception {
		DashboardSnapshotOptions options = DashboardSnapshotOptions.parse("--seconds=12", "--reloads=2",
				"--observability-dir=" + OBSERVABILITY, "--results-dir=" + results);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		DashboardSnapshotResult result;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			result = new DashboardSnapshot(options, out).run();
		}
		String output = printed.toString(StandardCharsets.UTF_8);
		System.out.print(output);

		assertThat(result.successfulReloads()).as(output).hasSize(2);
		assertThat(result.failingReloads()).as(output)
			.singleElement()
			.satisfies((failing) -> assertThat(failing.response().status()).isEqualTo(500));
		assertThat(result.load().errors()).as(output).isZero();
		assertThat(output).contains("PNG: " + results.resolve(DashboardSnapshot.PNG).toAbsolutePath());

		Path png = results.resolve(DashboardSnapshot.PNG);
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image).as("PNG %s", png).isNotNull();
		assertThat(image.getWidth()).isPositive();

		List<String> csv = Files.readAllLines(results.resolve(DashboardSnapshot.CSV), StandardCharsets.UTF_8);
		assertThat(csv).first().isEqualTo("panel,series,seconds,value");
		List<DashboardPanel> panels = DashboardPanel.read(options.dashboard());
		assertThat(panels).hasSize(7);
		for (DashboardPanel panel : panels) {
			assertThat(csv).as("CSV rows of panel '%s'", panel.title())
				.anyMatch((row) -> row.startsWith(panel.title() + ","));
		}
	}

}
