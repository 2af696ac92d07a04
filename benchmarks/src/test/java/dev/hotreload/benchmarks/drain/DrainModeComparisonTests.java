package dev.hotreload.benchmarks.drain;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hotreload.benchmarks.cli.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The drain-mode comparison end to end with one reload per mode and a few clients that
 * idle longer than the drain timeout. It asserts what the modes promise, never a timing:
 * with {@code migrate} no request fails and no idle client reconnects; with {@code close}
 * every idle client has to open a new connection.
 */
class DrainModeComparisonTests {

	private static final int IDLE_CLIENTS = 5;

	private static final int BUSY_CLIENTS = 1;

	@Test
	void migrateKeepsIdleConnectionsAndCloseMakesThemReconnect(@TempDir Path results) throws Exception {
		DrainModeOptions options = DrainModeOptions.parse("--reloads=1", "--idle-clients=" + IDLE_CLIENTS,
				"--busy-clients=" + BUSY_CLIENTS, "--settle-millis=500", "--results-dir=" + results, "--reload-modes=context");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		Map<String, List<DrainedReload>> runs;
		try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
			runs = new DrainModeComparison(options, out).run();
		}
		finally {
			System.out.print(printed.toString(StandardCharsets.UTF_8));
		}
		DrainedReload migrate = runs.get("context migrate").get(0);
		assertThat(migrate.failed()).isZero();
		assertThat(migrate.migrated()).isGreaterThanOrEqualTo(IDLE_CLIENTS);
		assertThat(migrate.forced()).isZero();
		// A busy connection not idle by half the drain timeout may be closed after its request.
		assertThat(migrate.connectionsOpened()).isLessThanOrEqualTo(BUSY_CLIENTS);
		assertThat(migrate.succeeded()).isPositive();
		DrainedReload close = runs.get("context close").get(0);
		assertThat(close.migrated()).isZero();
		assertThat(close.connectionsOpened()).isGreaterThanOrEqualTo(IDLE_CLIENTS);
		assertThat(close.closed() + close.forced()).isGreaterThanOrEqualTo(IDLE_CLIENTS);
		assertThat(Files.readAllLines(results.resolve("drain-modes.csv"))).hasSize(3)
			.first()
			.asString()
			.startsWith("reload mode,mode,reloads,drain ms");
		assertThat(Files.readAllLines(results.resolve("drain-modes-reloads.csv"))).hasSize(3);
		assertThat(printed.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^  context +\\| migrate +\\| 1 ")
			.containsPattern("(?m)^  context +\\| close +\\| 1 ");
	}

	@Test
	void unknownFlagsAndBadValuesAreRefused() throws UsageException {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> DrainModeOptions.parse("--reload=3"))
			.withMessageContaining("--reload");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> DrainModeOptions.parse("--reloads=0"));
		assertThat(DrainModeOptions.parse("--idle-millis", "900").idleMillis()).isEqualTo(900);
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> DrainModeOptions.parse("--reload-modes=context,cluster"))
			.withMessageContaining("--reload-modes");
		assertThat(DrainModeOptions.parse("--reload-modes=process").reloadModes()).containsExactly("process");
	}

}
