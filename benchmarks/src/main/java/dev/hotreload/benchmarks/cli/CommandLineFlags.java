package dev.hotreload.benchmarks.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

	/**
	 * A benchmark's command line as its {@code main} reads it: {@code --help} prints the
	 * usage, a usage error is printed with it and ends the JVM with status 2.
	 * @param <T> the options type
	 * @param args the command line
	 * @param usage the usage text
	 * @param parser reads the options
	 * @return the options, empty after {@code --help}
	 */
	public static <T> Optional<T> optionsOrExit(String[] args, String usage, Parser<T> parser) {
		if (List.of(args).contains("--help")) {
			System.out.print(usage);
			return Optional.empty();
		}
		try {
			return Optional.of(parser.parse(args));
		}
		catch (UsageException ex) {
			System.err.println("Error: " + ex.getMessage());
			System.err.print(usage);
			System.exit(2);
			return Optional.empty();
		}
	}

	/**
	 * The items of a comma-separated value, such as {@code --strategies=a,b}.
	 * @param value the value
	 * @return its items, stripped, blank ones left out
	 */
	public static List<String> items(String value) {
		return Arrays.stream(value.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
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
	 * Reads a whole command line into an options record.
	 * @param <T> the options type
	 */
	@FunctionalInterface
	public interface Parser<T> {

		T parse(String[] args) throws UsageException;

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
