package dev.hotreload.benchmarks.cli;

import java.nio.file.Path;
import java.util.Collection;

/**
 * The harnesses' command lines: {@code --flag=value} or {@code --flag value} arguments
 * applied one by one over an options record, and the checks every flag's value shares.
 */
public final class CommandLineFlags {

	private CommandLineFlags() {
	}

	/**
	 * Applies each flag of a command line to the options.
	 * @param <T> the options type
	 * @param args the command line
	 * @param defaults the options before any flag
	 * @param flags the flags the options know
	 * @param apply returns the options with one flag applied
	 * @return the options
	 * @throws UsageException if a flag is unknown, has no value or a value is not valid
	 */
	public static <T> T parse(String[] args, T defaults, Collection<String> flags, Flag<T> apply)
			throws UsageException {
		T options = defaults;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			int equals = arg.indexOf('=');
			String name = (equals >= 0) ? arg.substring(0, equals) : arg;
			String value;
			if (equals >= 0) {
				value = arg.substring(equals + 1);
			}
			else if (i + 1 < args.length && flags.contains(name)) {
				value = args[++i];
			}
			else {
				throw new UsageException(flags.contains(name) ? name + " needs a value" : "Unknown option '" + arg + "'");
			}
			options = apply.apply(options, name, value);
		}
		return options;
	}

	public static int atLeast(String name, String value, int min) throws UsageException {
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below, with the flag's name.
		}
		throw new UsageException(name + " must be a whole number of at least " + min + ", got '" + value + "'");
	}

	public static int positive(String name, String value) throws UsageException {
		return atLeast(name, value, 1);
	}

	public static Path directory(String name, String value) throws UsageException {
		if (value.isBlank()) {
			throw new UsageException(name + " must not be empty");
		}
		return Path.of(value);
	}

	/**
	 * Applies one flag to an options record.
	 * @param <T> the options type
	 */
	@FunctionalInterface
	public interface Flag<T> {

		T apply(T options, String name, String value) throws UsageException;

	}

}
