package dev.hotreload.process.startup;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing ends the build's JVMs itself, and waits for them: real processes here.
 */
class BuildProcessesTests {

	@Test
	void closingEndsTheRunningProcessesBeforeItReturns() throws IOException {
		BuildProcesses processes = new BuildProcesses();
		Process running = sleeper();
		Process done = sleeper();
		assertThat(processes.started(running)).isTrue();
		assertThat(processes.started(done)).isTrue();
		processes.ended(done);
		processes.close();
		assertThat(running.isAlive()).isFalse();
		assertThat(done.isAlive()).as("no longer followed, so left alone").isTrue();
		done.destroyForcibly();
	}

	@Test
	void aProcessStartedOnceClosedIsEndedAtOnce() throws IOException {
		BuildProcesses processes = new BuildProcesses();
		processes.close();
		Process late = sleeper();
		assertThat(processes.started(late)).isFalse();
		assertThat(late.isAlive()).isFalse();
	}

	private static Process sleeper() throws IOException {
		return new ProcessBuilder("sleep", "60").start();
	}

}
