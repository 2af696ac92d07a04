package dev.hotreload.signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGHUP reloads in a JVM that inherited it ignored, as one started with {@code nohup}
 * does (the JVM then silently installs no handler: the cause of SignalTriggerTests
 * timing out in a CI run started with nohup), and is ignored again once the trigger is
 * uninstalled.
 */
class HangupTriggerTests {

	@Test
	void sighupReloadsInAJvmStartedWithSighupIgnored() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// trap '' HUP is what nohup does: the disposition is inherited across exec.
		Process process = new ProcessBuilder("sh", "-c", "trap '' HUP; exec \"$0\" -cp \"$1\" \"$2\"", java,
				System.getProperty("java.class.path"), IgnoredHangupApplication.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("SIGHUP was ignored in this process")
			.contains("SIGHUP requested a reload")
			.contains("SIGHUP after uninstall left the JVM running");
	}

}
