package dev.hotreload.benchmarks.strategies;

import java.nio.file.Path;
import java.util.List;

/**
 * A way for process mode to start workers: with or without the class data archive, at
 * what priority beside a serving one.
 *
 * @param name the name in the output and the table
 * @param directory the work directory of its supervisor's jar
 * @param archive whether workers start with the class data archive
 * @param nice the start priority ({@code hotreload.process.start-nice})
 */
record WorkerStartVariant(String name, String directory, boolean archive, int nice) {

	/** The variants the process start comparison runs side by side. */
	static final List<WorkerStartVariant> ALL = List.of(
			new WorkerStartVariant("archive, nice 10", "archive-nice-10", true, 10),
			new WorkerStartVariant("archive, nice 5", "archive-nice-5", true, 5),
			new WorkerStartVariant("archive, nice 0", "archive-nice-0", true, 0),
			new WorkerStartVariant("no archive, nice 0", "plain-nice-0", false, 0));

	List<String> arguments(Path cache) {
		return List.of(ProcessReloadDeployment.PROCESS_MODE,
				this.archive ? "--hotreload.process.class-data-sharing.directory=" + cache
						: "--hotreload.process.class-data-sharing.enabled=false",
				"--hotreload.process.start-nice=" + this.nice);
	}

}
