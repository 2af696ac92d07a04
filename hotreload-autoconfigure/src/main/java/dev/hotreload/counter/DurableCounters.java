package dev.hotreload.counter;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Counts that outlive every generation of the application and, in process mode, every
 * worker: what a module shows as a Micrometer counter, which must never reset. In context
 * mode the counts live in this JVM, which outlives its generations. In process mode the
 * supervisor holds them: a worker reports each increment to it ({@link #reportTo}) and
 * takes the supervisor's counts whenever they change ({@link #restore}), so that a new
 * worker goes on from where the previous one left.
 */
public final class DurableCounters {

	// A name travels as a field name of a control message: no spaces, no '='.
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private volatile Consumer<String> reporter = (name) -> {
	};

	/**
	 * Adds one to a counter.
	 * @param name the counter, letters, digits, {@code .}, {@code _} and {@code -}
	 * @throws IllegalArgumentException if the name has other characters
	 */
	public void increment(String name) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A counter's name has letters, digits, '.', '_' and '-' only: " + name);
		}
		this.counts.merge(name, 1L, Long::sum);
		this.reporter.accept(name);
	}

	/**
	 * A counter's count.
	 * @param name the counter
	 * @return its count, 0 if it was never incremented
	 */
	public long count(String name) {
		return this.counts.getOrDefault(name, 0L);
	}

	/**
	 * Every counter at once, to hand to another process.
	 * @return the counts by name
	 */
	public Map<String, Long> snapshot() {
		return Map.copyOf(this.counts);
	}

	/**
	 * Takes the counts of the counters these follow (in a worker, the supervisor's). A
	 * count never goes down: an increment reported but not yet in the counts taken stays
	 * counted until they include it.
	 * @param counts the counts by name
	 */
	public void restore(Map<String, Long> counts) {
		counts.forEach((name, count) -> this.counts.merge(name, count, Math::max));
	}

	/**
	 * Reports every later increment, by the counter's name, to where the counts are held.
	 * @param reporter what reports it
	 */
	public void reportTo(Consumer<String> reporter) {
		this.reporter = Objects.requireNonNull(reporter);
	}

}
