package dev.hotreload.process.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A worker started beside a serving one at a lower priority, on a real JVM: every thread
 * under the nice value asked for, then every thread back at this process's.
 */
class StartPriorityTests {

	private static final String CAN_NICE = "CapEff:\t0000000000800000\n";

	private static final String CANNOT = "CapEff:\t0000000000000000\n";

	@Test
	@EnabledOnOs(OS.LINUX)
	void aWorkerStartsLowerAndEveryThreadGetsThePriorityBack(@TempDir Path directory) throws Exception {
		StartPriority priority = StartPriority.of(10);
		// Root here; elsewhere without CAP_SYS_NICE it must say why it stays at the normal priority.
		assertThat(priority.isLowered()).as(priority.describe())
			.isEqualTo(StartPriority.raisingRefused(Files.readString(Path.of("/proc/self/status")),
					Files.readString(Path.of("/proc/self/limits")), StartPriority.niceOf(Path.of("/proc/self/stat"))) == null);
		if (!priority.isLowered()) {
			assertThat(priority.prefix()).isEmpty();
			assertThat(priority.describe()).contains("start at the supervisor's priority");
			return;
		}
		int own = StartPriority.niceOf(Path.of("/proc/self/stat"));
		Path source = directory.resolve("Sleeper.java");
		Files.writeString(source, """
				public class Sleeper {
					public static void main(String[] args) throws Exception {
						Thread other = new Thread(() -> { try { Thread.sleep(60000); } catch (InterruptedException ex) { } });
						other.start();
						System.out.println("up");
						Thread.sleep(60000);
					}
				}
				""");
		List<String> command = new ArrayList<>(priority.prefix());
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
				source.toString()));
		Process sleeper = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(sleeper.getInputStream(), StandardCharsets.UTF_8))) {
			assertThat(output.readLine()).isEqualTo("up");
			Map<Integer, Integer> started = threadNices(sleeper.pid());
			assertThat(started).hasSizeGreaterThan(5);
			// The kernel caps nice at 19 (a build run under nice -n 19 starts it there already).
			assertThat(started.values()).as("nice of every thread at the start").containsOnly(Math.min(own + 10, 19));
			priority.restore(sleeper.pid());
			assertThat(threadNices(sleeper.pid()).values()).as("nice of every thread once it serves")
				.containsOnly(own);
		}
		finally {
			sleeper.destroyForcibly().waitFor();
		}
	}

	@Test
	void zeroStartsAtTheSupervisorsPriority() {
		StartPriority priority = StartPriority.of(0);
		assertThat(priority.isLowered()).isFalse();
		assertThat(priority.prefix()).isEmpty();
		assertThat(priority.describe()).contains("hotreload.process.start-nice=0");
	}

	@Test
	void anIncrementOutsideNicesRangeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> StartPriority.of(20))
			.withMessage("hotreload.process.start-nice must be between 0 and 19, not 20");
		assertThatIllegalArgumentException().isThrownBy(() -> StartPriority.of(-1));
	}

	@Test
	void thePriorityComesBackWithCapSysNiceOrAnRlimitNiceThatAllowsIt() {
		String noLimit = limits("0");
		assertThat(StartPriority.raisingRefused(CAN_NICE, noLimit, 0)).isNull();
		assertThat(StartPriority.raisingRefused(CANNOT, noLimit, 0))
			.isEqualTo("a worker could not get its priority back: it needs CAP_SYS_NICE or RLIMIT_NICE >= 20"
					+ " (systemd: LimitNICE=+0), and RLIMIT_NICE is 0");
		assertThat(StartPriority.raisingRefused(CANNOT, limits("20"), 0)).isNull();
		assertThat(StartPriority.raisingRefused(CANNOT, limits("15"), 5)).isNull();
		assertThat(StartPriority.raisingRefused(CANNOT, limits("14"), 5)).contains("RLIMIT_NICE >= 15");
		assertThat(StartPriority.raisingRefused(CANNOT, limits("unlimited"), 0)).isNull();
	}

	private static String limits(String soft) {
		return "Limit                     Soft Limit           Hard Limit           Units     \n"
				+ "Max open files            1024                 1048576              files     \n"
				+ "Max nice priority         " + soft + "                    " + soft + "                    \n";
	}

	private static Map<Integer, Integer> threadNices(long pid) throws IOException {
		Map<Integer, Integer> nices = new TreeMap<>();
		try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path thread : threads.toList()) {
				nices.put(Integer.parseInt(thread.getFileName().toString()), StartPriority.niceOf(thread.resolve("stat")));
			}
		}
		return nices;
	}

}
