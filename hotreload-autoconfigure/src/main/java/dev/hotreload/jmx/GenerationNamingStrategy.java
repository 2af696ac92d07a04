package dev.hotreload.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.jspecify.annotations.Nullable;

import org.springframework.jmx.export.naming.ObjectNamingStrategy;

/**
 * The naming strategy of a generation's {@code MBeanExporter}: the application's, with
 * the generation's key appended.
 */
final class GenerationNamingStrategy implements ObjectNamingStrategy {

	private final ObjectNamingStrategy names;

	private final int generation;

	GenerationNamingStrategy(ObjectNamingStrategy names, int generation) {
		this.names = names;
		this.generation = generation;
	}

	@Override
	public ObjectName getObjectName(Object managedBean, @Nullable String beanKey) throws MalformedObjectNameException {
		return GenerationObjectNames.of(this.names.getObjectName(managedBean, beanKey), this.generation);
	}

}
