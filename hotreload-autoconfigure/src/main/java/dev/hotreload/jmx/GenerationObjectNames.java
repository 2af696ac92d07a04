package dev.hotreload.jmx;

import java.util.Arrays;
import java.util.stream.Collectors;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Object names that say which generation registered them: {@code ,generation=N} appended
 * to what Spring would register. Two live generations register the same beans (a
 * {@code @ManagedResource}, an actuator endpoint) at the same moment, and without a key
 * that tells them apart the new generation's registration fails, or Spring Boot
 * appends a context id that changes with every generation.
 */
public final class GenerationObjectNames {

	/** The key that names the generation. */
	public static final String KEY = "generation";

	private GenerationObjectNames() {
	}

	/**
	 * A name with the generation's key appended, unless it has one or is a pattern.
	 * @param name the name Spring would register
	 * @param generation the registering generation
	 * @return the generation's name
	 * @throws MalformedObjectNameException never for a valid name
	 */
	public static ObjectName of(ObjectName name, int generation) throws MalformedObjectNameException {
		if (name.isPattern() || name.getKeyProperty(KEY) != null) {
			return name;
		}
		return new ObjectName(name + "," + KEY + "=" + generation);
	}

	/**
	 * A name without one of its keys: Spring Boot appends {@code context=<id>} to an
	 * endpoint's name when another context registered that endpoint already, which the
	 * generation's key makes unnecessary (and whose value changes with every generation).
	 * @param name the name
	 * @param key the key to leave out
	 * @return the name without it
	 * @throws MalformedObjectNameException never for a valid name
	 */
	public static ObjectName without(ObjectName name, String key) throws MalformedObjectNameException {
		if (name.isPattern() || name.getKeyProperty(key) == null) {
			return name;
		}
		String properties = Arrays.stream(name.getKeyPropertyListString().split(","))
			.filter((property) -> !property.startsWith(key + "="))
			.collect(Collectors.joining(","));
		return new ObjectName(name.getDomain() + ":" + properties);
	}

}
