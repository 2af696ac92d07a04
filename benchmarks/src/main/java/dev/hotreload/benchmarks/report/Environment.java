package dev.hotreload.benchmarks.report;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import dev.hotreload.benchmarks.sample.SampleLaunchCommand;

/**
 * Where and when the benchmark ran: numbers from another machine or JVM are not
 * comparable.
 *
 * @param date when the run started
 * @param javaVersion the runtime version of the harness and of every sample JVM
 * @param availableProcessors processors the JVM can use
 * @param os the operating system and architecture
 * @param sampleLaunch how the sample JVMs were started
 */
public record Environment(String date, String javaVersion, int availableProcessors, String os, String sampleLaunch) {

	public static Environment current(SampleLaunchCommand command) {
		return new Environment(
				ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
				System.getProperty("java.runtime.version"), Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name") + " " + System.getProperty("os.arch"), command.description());
	}

}
