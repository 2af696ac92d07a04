package dev.hotreload.benchmarks;

/**
 * A command line the harness does not understand; the harness reports it and exits with
 * status 2 rather than measuring something other than what was asked for.
 */
final class UsageException extends Exception {

	UsageException(String message) {
		super(message);
	}

}
