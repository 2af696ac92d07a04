package dev.hotreload.benchmarks.devloop;

import java.time.Duration;

/**
 * One code change of a dev-loop run: a class file written, then the new code served.
 *
 * @param number the change's number, 1, 2, ...
 * @param build the build the new class names, such as {@code v2} (the copied classes are
 * {@code v1})
 * @param writtenSeconds when the class file had been written, seconds since the load
 * started
 * @param servedSeconds when {@code GET /hello} on a new connection first answered with
 * the new build, on the same clock
 * @param detail what the setup did, such as the generation a POST started
 */
record CodeChange(int number, String build, double writtenSeconds, double servedSeconds, String detail) {

	Duration writtenToServed() {
		return Duration.ofNanos(Math.round((this.servedSeconds - this.writtenSeconds) * 1e9));
	}

}
