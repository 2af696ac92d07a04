package dev.hotreload.signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which signals a JVM inherited as ignored: SIGINT in a background job of a shell without
 * job control (a CI script's {@code ... &}), where a supervisor would not stop on SIGINT.
 */
class IgnoredSignalTests {

	@Test
	void seesSigintIgnoredInAJvmStartedWithItIgnoredAndNotSigterm() throws Exception {
		assertThat(childSees("sh", "-c", "trap '' INT; exec \"$@\"", "sh"))
			.isEqualTo("INT ignored: true, TERM ignored: false");
	}

	@Test
	void seesNothingIgnoredInAJvmStartedWithTheDefaults() throws Exception {
		// Not sh's "trap - INT": a shell cannot reset what it inherited ignored, as this
		// test's own JVM may have (started in the background by a script).
		assertThat(childSees("env", "--default-signal=INT")).isEqualTo("INT ignored: false, TERM ignored: false");
	}

	/** A JVM started by the given wrapper, which sets the dispositions it inherits across exec. */
	private static String childSees(String... wrapper) throws Exception {
		List<String> command = new ArrayList<>(List.of(wrapper));
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), Printer.class.getName()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
	}

	/** The child: prints what it sees. */
	static final class Printer {

		public static void main(String[] args) {
			System.out.println("INT ignored: " + IgnoredSignal.isIgnored(2) + ", TERM ignored: "
					+ IgnoredSignal.isIgnored(15));
		}

	}

}
