package dev.hotreload.benchmarks.cli;

/**
 * A command line the harness does not understand; the harness reports it and exits with
 * status 2 rather than measuring something other than what was asked for.
 */
public final class UsageException extends Exception {

	public UsageException(String message) {
		super(message);
	}

}
