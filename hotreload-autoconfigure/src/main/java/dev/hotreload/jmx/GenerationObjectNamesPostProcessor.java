package dev.hotreload.jmx;

import java.util.function.IntSupplier;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.endpoint.jmx.EndpointObjectNameFactory;
import org.springframework.jmx.export.naming.ObjectNamingStrategy;
import org.springframework.util.ClassUtils;

/**
 * Gives a generation's MBean names its key: wraps the context's
 * {@link ObjectNamingStrategy} (used by Spring's {@code MBeanExporter} for
 * {@code @ManagedResource} beans) and, with the actuator, its
 * {@code EndpointObjectNameFactory}, before anything is registered with them.
 */
public final class GenerationObjectNamesPostProcessor implements BeanPostProcessor {

	private static final boolean ACTUATOR_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.actuate.endpoint.jmx.EndpointObjectNameFactory",
			GenerationObjectNamesPostProcessor.class.getClassLoader());

	private final IntSupplier generation;

	/**
	 * @param generation the generation's number, read when the first of its naming beans
	 * is created
	 */
	public GenerationObjectNamesPostProcessor(IntSupplier generation) {
		this.generation = generation;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof ObjectNamingStrategy names && !(bean instanceof GenerationNamingStrategy)) {
			return new GenerationNamingStrategy(names, this.generation.getAsInt());
		}
		if (ACTUATOR_PRESENT) {
			return EndpointNames.wrap(bean, this.generation);
		}
		return bean;
	}

	/**
	 * Kept apart so that the actuator's types are loaded only when it is present.
	 */
	private static final class EndpointNames {

		static Object wrap(Object bean, IntSupplier generation) {
			if (bean instanceof EndpointObjectNameFactory names) {
				int number = generation.getAsInt();
				return (EndpointObjectNameFactory) (endpoint) -> GenerationObjectNames
					.of(GenerationObjectNames.without(names.getObjectName(endpoint), "context"), number);
			}
			return bean;
		}

	}

}
